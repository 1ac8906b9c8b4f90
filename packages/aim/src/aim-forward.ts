import * as tf from '@tensorflow/tfjs-core';
import { assertShape, ConfigError, plainGradMatMul as matMul } from '@rimjs/core';
import { topKMask } from '@rimjs/attention';
import { type AimConfig, type AimWeightName, aimParamShapes, type ResolvedAimConfig, resolveAimConfig } from './aim-config.js';
import { rankPositionMask, type StochasticSelection, checkStochasticSelection } from './rank-selection.js';

/** The weights of an AIM layer (variables or any tensors, e.g. fast weights), by name; see {@link aimParamShapes}. */
export type AimWeights = Readonly<Record<AimWeightName, tf.Tensor>>;

/** Options of {@link aimForward}. */
export interface AimForwardOptions {
  /** Training-time stochastic selection; absent (default): hard top-k. */
  stochastic?: StochasticSelection;
}

/** Result of {@link aimForward}; new tensors the caller disposes. */
export type AimResult = {
  /** `[batch, valueSize]`: the weighted sum of the selected mechanisms' values (L2-normalised if `normalizeOutput`). */
  output: tf.Tensor2D;
  /** `[batch, numUnits]`: each mechanism's score a_m, the not-null attention (fewshot) or the raw scaled dot product (continual). */
  scores: tf.Tensor2D;
  /** `[batch, numUnits]`: 1 for the selected mechanisms, else 0. */
  mask: tf.Tensor2D;
  /** `[batch, numUnits, 2]`: the softmax over `[input, null]` (fewshot only). */
  attention?: tf.Tensor3D;
};

/**
 * The AIM forward pass, all mechanisms at once (no loop over mechanisms). Per example x
 * (`q_m = h_m W^Q_m` split into heads q_{m,j}; `k(v) = v W^K + b` split into heads k_j(v)):
 *
 * ```
 * e_m(v) = mean_j <q_{m,j}, k_j(v)> / sqrt(d_k)
 * fewshot:   [a_m, n_m] = softmax([e_m(x), e_m(0)])        the null slot's key is the bias b
 * continual: a_m = e_m(x)
 * S = top-k of a (ties: lower index first), or the `stochastic` rank positions of the top c
 * out = sum_{m in S} a_m x W^M_m                           (the null slot's value is 0)
 * out <- out / max(|out|, 1e-12)                           if normalizeOutput
 * ```
 *
 * The sum over the selected mechanisms is one matMul: `z = (a * mask) outer x` reshaped to
 * `[batch, M * d_in]`, times `W^M` reshaped to `[M * d_in, d_v]`. Unselected mechanisms get an
 * exact zero row in `z`, so their value weights, states and queries receive exactly zero gradient
 * from that example; the selection itself carries no gradient (as the official boolean gather).
 *
 * @param config the layer's config (resolved or not)
 * @param weights see {@link aimParamShapes}; not disposed
 * @param x `[batch, inputSize]`
 * @throws ShapeError naming the weight or `x` whose shape is wrong.
 * @throws ConfigError for a bad config or `stochastic` selection.
 * @example
 * const { output, scores, mask } = aimForward(config, layer.weights(), x); // [8, 144], [8, 64], [8, 64]
 */
export function aimForward(config: AimConfig, weights: AimWeights, x: tf.Tensor2D, options: AimForwardOptions = {}): AimResult {
  const where = 'aimForward';
  const r = resolveAimConfig(config);
  const shapes = aimParamShapes(r);
  for (const name of Object.keys(shapes) as AimWeightName[]) {
    const w = weights[name];
    if (w === undefined) throw new ConfigError(`${where}: 'weights' must hold '${name}' [${shapes[name].join(', ')}], got none`);
    assertShape(where, `weights['${name}']`, w, shapes[name].map((d, i) => [dimName(name, i), d] as const));
  }
  const [batch] = assertShape(where, 'x', x, [['batch', null], ['inputSize', r.inputSize]]) as [number];
  if (options.stochastic !== undefined) checkStochasticSelection(where, options.stochastic, r.topK, r.numUnits);
  return tf.tidy(() => forwardBody(r, weights, x, batch, options.stochastic));
}

function forwardBody(r: ResolvedAimConfig, w: AimWeights, x: tf.Tensor2D, batch: number, stochastic?: StochasticSelection): AimResult {
  const { numUnits: M, heads: H, keySize: dk, inputSize: dIn, valueSize: dV } = r;
  const q = tf.matMul(tf.reshape(w.states, [M, 1, r.hiddenSize]), w['query.weight']); // [M, 1, H*dk]
  const qHeads = tf.transpose(tf.reshape(q, [M, H, dk]), [1, 2, 0]); // [H, dk, M]
  const keysOf = (v: tf.Tensor2D): tf.Tensor2D => {
    const k = tf.add(matMul(v, w['key.weight'] as tf.Tensor2D), w['key.bias']); // [n, H*dk]
    const kHeads = tf.transpose(tf.reshape(k, [v.shape[0], H, dk]), [1, 0, 2]); // [H, n, dk]
    return tf.div(tf.mean(tf.matMul(kHeads, qHeads), 0), Math.sqrt(dk)) as tf.Tensor2D; // [n, M]
  };
  const eInput = keysOf(x); // [batch, M]
  let scores: tf.Tensor2D;
  let attention: tf.Tensor3D | undefined;
  if (r.variant === 'fewshot') {
    const eNull = tf.broadcastTo(keysOf(tf.zeros([1, dIn])), [batch, M]); // [batch, M]
    attention = tf.softmax(tf.stack([eInput, eNull], 2)) as tf.Tensor3D; // [batch, M, 2]
    scores = tf.squeeze(tf.slice(attention, [0, 0, 0], [batch, M, 1]), [2]) as tf.Tensor2D; // [batch, M]
  } else {
    scores = eInput;
  }
  const mask = stochastic === undefined ? topKMask(scores, r.topK) : rankPositionMask(scores, stochastic); // [batch, M]
  const gate = tf.mul(scores, mask); // [batch, M]
  const z = tf.reshape(tf.mul(tf.expandDims(gate, 2), tf.expandDims(x, 1)), [batch, M * dIn]); // [batch, M*dIn]
  let output = matMul(z as tf.Tensor2D, tf.reshape(w['value.weight'], [M * dIn, dV])); // [batch, dV]
  if (r.normalizeOutput) {
    const sq = tf.sum(tf.square(output), 1, true); // [batch, 1]
    output = tf.mul(output, tf.rsqrt(tf.maximum(sq, 1e-24))) as tf.Tensor2D; // F.normalize, eps 1e-12
  }
  return attention === undefined ? { output, scores, mask } : { output, scores, mask, attention };
}

function dimName(name: AimWeightName, i: number): string {
  const dims: Record<AimWeightName, string[]> = {
    states: ['numUnits', 'hiddenSize'],
    'query.weight': ['numUnits', 'hiddenSize', 'heads*keySize'],
    'key.weight': ['inputSize', 'heads*keySize'],
    'key.bias': ['heads*keySize'],
    'value.weight': ['numUnits', 'inputSize', 'valueSize'],
  };
  return dims[name][i]!;
}
