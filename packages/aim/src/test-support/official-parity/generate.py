"""Generates official-parity.json: a record of the official AIM forward pass
(huang50213/AIM-Fewshot-Continual @ a962291, Fewshot/AIM.py `input_attention_mask` + `forward`,
Continual/model/aim.py `aim_forward` and the learner's F.normalize), re-expressed step by step
in float64 numpy (torch is not installed here), with gradients by float64 central differences.

Each step below names the official line it mirrors. Weights are written in rimjs' layout:
key.weight is the transpose of torch's F.linear weight [H*dk, d_in].

Run: python3 generate.py > official-parity.json   (numpy only; the tests do not need python)
"""
import json
import math

import numpy as np

B, D_IN, M, K, D_H, DK, DV, H = 3, 5, 4, 2, 3, 2, 3, 2
rng = np.random.default_rng(2107)


def init_params(variant):
    # hs = randn(M, d_h); query = sqrt(2/d_h) randn(M, d_h, H*dk); hs_value = sqrt(2/d_in) randn(M, d_in, dv)
    # key: fewshot nn.Linear re-initialised N(0, 2/d_in), bias default U(+-1/sqrt(d_in)); continual bias zeros.
    # The bias is drawn nonzero in both cases so that the record tests it.
    return {
        'states': rng.standard_normal((M, D_H)),
        'query.weight': math.sqrt(2 / D_H) * rng.standard_normal((M, D_H, H * DK)),
        'key.weight': math.sqrt(2 / D_IN) * rng.standard_normal((H * DK, D_IN)),  # torch layout [out, in]
        'key.bias': rng.uniform(-1, 1, H * DK) / math.sqrt(D_IN),
        'value.weight': math.sqrt(2 / D_IN) * rng.standard_normal((M, D_IN, DV)),
    }


def group_linear(x, w):  # x [B, M, din] -> permute(1,0,2) -> bmm(w) -> permute back
    return np.einsum('bmi,mio->bmo', x, w)


def transpose_for_scores(x, heads, size):  # view(..., heads, size).permute(0, 2, 1, 3)
    return x.reshape(x.shape[:-1] + (heads, size)).transpose(0, 2, 1, 3)


def torch_topk_indices(scores, k):
    # torch.topk(largest=True): the order of equal values is not specified; rimjs breaks ties to the
    # lower index. The record's scores have no ties.
    return np.argsort(-scores, axis=1, kind='stable')[:, :k]


def official_forward(p, x, variant, stochastic=None, mech_choice=None):
    x = x[:, None, :]  # input.unsqueeze(1): [B, 1, din]
    size = x.shape
    slots = 2 if variant == 'fewshot' else 1
    if variant == 'fewshot':
        x = np.concatenate([x, np.zeros((size[0], 1, size[2]))], axis=1)  # cat null: [B, 2, din]
    key_layer = x @ p['key.weight'].T + p['key.bias']  # F.linear / self.key: [B, slots, H*dk]
    query_layer = group_linear(p['states'][None], p['query.weight'])  # [1, M, H*dk]
    rep = np.repeat(x[:, :, None, :], M, axis=2).reshape(size[0] * slots, M, size[2])
    hs_value_layer = group_linear(rep, p['value.weight'])  # [B*slots, M, dv]
    hs_value_layer = hs_value_layer.reshape(size[0], slots, M, DV).transpose(0, 2, 1, 3)  # [B, M, slots, dv]
    key_layer = transpose_for_scores(key_layer, H, DK)  # [B, H, slots, dk]
    query_layer = transpose_for_scores(query_layer, H, DK)  # [1, H, M, dk]
    att = np.matmul(query_layer, key_layer.transpose(0, 1, 3, 2)) / math.sqrt(DK)  # [B, H, M, slots]
    att = att.mean(axis=1)  # [B, M, slots]
    if variant == 'fewshot':
        e = np.exp(att - att.max(axis=-1, keepdims=True))
        att = e / e.sum(axis=-1, keepdims=True)  # Softmax(dim=-1)
    not_null = att[:, :, 0]
    if stochastic is None:
        top = torch_topk_indices(not_null, K)
    else:
        top = torch_topk_indices(not_null, mech_choice)[:, stochastic]
    mask = np.zeros((size[0], M))
    mask[np.repeat(np.arange(size[0]), K), top.reshape(-1)] = 1
    sel = mask.astype(bool)
    a = att[sel].reshape(size[0], -1, slots)  # attention_scores[mask].reshape(B, -1, slots)
    v = hs_value_layer[sel].reshape(size[0], -1, slots, DV)
    out = np.einsum('ijk,ijkl->ijl', a, v).sum(axis=1)  # hs_value.sum(dim=1): [B, dv]
    return out, not_null, mask


def normalize(out):  # F.normalize(p=2, dim=-1, eps=1e-12), as the continual learner
    return out / np.maximum(np.linalg.norm(out, axis=-1, keepdims=True), 1e-12)


def case(name, variant, stochastic=None, mech_choice=None, l2=False):
    p = init_params(variant)
    x = rng.standard_normal((B, D_IN))
    probe = rng.standard_normal((B, DV))

    def loss(p_, x_):
        out = official_forward(p_, x_, variant, stochastic, mech_choice)[0]
        return float(((normalize(out) if l2 else out) * probe).sum())

    out, scores, mask = official_forward(p, x, variant, stochastic, mech_choice)
    eps = 1e-6
    grads = {}
    for key in list(p) + ['x']:
        base = x if key == 'x' else p[key]
        g = np.zeros_like(base)
        for idx in np.ndindex(base.shape):
            for sign in (1, -1):
                moved = base.copy()
                moved[idx] += sign * eps
                val = loss(p, moved) if key == 'x' else loss({**p, key: moved}, x)
                g[idx] += sign * val / (2 * eps)
        grads[key] = g
    ours = {**p, 'key.weight': p['key.weight'].T}
    grads['key.weight'] = grads['key.weight'].T
    return {
        'name': name,
        'config': {'variant': variant, 'inputSize': D_IN, 'numUnits': M, 'topK': K, 'hiddenSize': D_H,
                   'keySize': DK, 'valueSize': DV, 'heads': H, 'normalizeOutput': l2},
        'stochastic': None if stochastic is None else {'candidates': mech_choice, 'positions': stochastic},
        'weights': {k: {'shape': list(v.shape), 'data': v.reshape(-1).tolist()} for k, v in ours.items()},
        'x': x.tolist(),
        'probe': probe.tolist(),
        'output': (normalize(out) if l2 else out).tolist(),
        'scores': scores.tolist(),
        'mask': mask.tolist(),
        'grads': {k: {'shape': list(v.shape), 'data': v.reshape(-1).tolist()} for k, v in grads.items()},
    }


cases = [
    case('fewshot hard top-2 (Fewshot/AIM.py)', 'fewshot'),
    case('fewshot stochastic positions [2, 0] of top 3', 'fewshot', [2, 0], 3),
    case('continual hard top-2 + learner F.normalize (aim_forward)', 'continual', l2=True),
    case('continual stochastic positions [1, 2] of top 3, raw output', 'continual', [1, 2], 3),
]
print(json.dumps({'source': 'huang50213/AIM-Fewshot-Continual @ a962291 re-expressed in float64 numpy; grads by central differences (eps 1e-6)', 'cases': cases}))
