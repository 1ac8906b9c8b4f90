import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng, ShapeError } from '@rimjs/core';
import { TEST_BACKENDS, useBackend } from '@rimjs/core/testing';
import { groupGruStep } from './group-gru-step.js';
import { maxDiff, randomTensor, randomTorchCell, refGru, torchArrays } from './test-support/reference.js';

const [B, K, IN, H] = [2, 3, 4, 5];

describe.each(TEST_BACKENDS)('groupGruStep on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('is PyTorch nn.GRUCell per unit, with gates r, z, n along the last axis', () => {
    const rng = new Rng(1);
    const torch = Array.from({ length: K }, () => randomTorchCell(rng, 3, IN, H));
    const weights = {
      wIh: tf.stack(torch.map((t) => tf.transpose(t.weight_ih))) as tf.Tensor3D, // [K, IN, 3H]
      wHh: tf.stack(torch.map((t) => tf.transpose(t.weight_hh))) as tf.Tensor3D, // [K, H, 3H]
      bIh: tf.stack(torch.map((t) => t.bias_ih)) as tf.Tensor2D, // [K, 3H]
      bHh: tf.stack(torch.map((t) => t.bias_hh)) as tf.Tensor2D,
    };
    const x = randomTensor(rng, [B, K, IN]) as tf.Tensor3D;
    const h = randomTensor(rng, [B, K, H]) as tf.Tensor3D;
    const out = groupGruStep(x, h, weights);
    for (let u = 0; u < K; u++) {
      const pick = (t: tf.Tensor) => tf.squeeze(tf.slice(t, [0, u, 0], [-1, 1, -1]), [1]);
      const ref = refGru(pick(x).dataSync(), pick(h).dataSync(), torchArrays(torch[u]!), B, IN, H);
      expect(maxDiff(pick(out.h), ref.h)).toBeLessThan(1e-5);
    }
  });

  it('names the mis-shaped argument', () => {
    const z = (s: [number, number, number]) => tf.zeros(s) as tf.Tensor3D;
    const w = { wIh: z([K, IN, 3 * H]), wHh: z([K, H, 3 * H]), bIh: tf.zeros([K, 3 * H]), bHh: tf.zeros([K, 3 * H]) } as never;
    expect(() => groupGruStep(z([B, K, IN]), z([B, K + 1, H]), w)).toThrow(ShapeError);
    expect(() => groupGruStep(z([B, K, IN]), z([B, K + 1, H]), w)).toThrow(
      "groupGruStep: 'h' must be [batch, units, hidden] = [2, 3, ?], got [2, 4, 5]",
    );
    expect(() => groupGruStep(z([B, K, IN]), z([B, K, H]), w, { recurrentInput: z([B, K, 1]) })).toThrow(
      "groupGruStep: 'options.recurrentInput' must be [batch, units, hidden] = [2, 3, 5], got [2, 3, 1]",
    );
  });
});
