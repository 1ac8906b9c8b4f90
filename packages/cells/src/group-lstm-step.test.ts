import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng, ShapeError } from '@rimjs/core';
import { TEST_BACKENDS, useBackend } from '@rimjs/core/testing';
import { groupLstmStep } from './group-lstm-step.js';
import { maxDiff, randomTensor, randomTorchCell, refLstm, torchArrays } from './test-support/reference.js';

const [B, K, IN, H] = [2, 3, 4, 5];

describe.each(TEST_BACKENDS)('groupLstmStep on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('is PyTorch nn.LSTMCell per unit, with gates i, f, g, o along the last axis', () => {
    const rng = new Rng(1);
    const torch = Array.from({ length: K }, () => randomTorchCell(rng, 4, IN, H));
    const weights = {
      wIh: tf.stack(torch.map((t) => tf.transpose(t.weight_ih))) as tf.Tensor3D, // [K, IN, 4H]
      wHh: tf.stack(torch.map((t) => tf.transpose(t.weight_hh))) as tf.Tensor3D, // [K, H, 4H]
      bIh: tf.stack(torch.map((t) => t.bias_ih)) as tf.Tensor2D, // [K, 4H]
      bHh: tf.stack(torch.map((t) => t.bias_hh)) as tf.Tensor2D,
    };
    const x = randomTensor(rng, [B, K, IN]) as tf.Tensor3D;
    const h = randomTensor(rng, [B, K, H]) as tf.Tensor3D;
    const c = randomTensor(rng, [B, K, H]) as tf.Tensor3D;
    const out = groupLstmStep(x, h, c, weights);
    for (let u = 0; u < K; u++) {
      const pick = (t: tf.Tensor) => tf.squeeze(tf.slice(t, [0, u, 0], [-1, 1, -1]), [1]);
      const ref = refLstm(pick(x).dataSync(), pick(h).dataSync(), pick(c).dataSync(), torchArrays(torch[u]!), B, IN, H);
      expect(maxDiff(pick(out.h), ref.h)).toBeLessThan(1e-5);
      expect(maxDiff(pick(out.c), ref.c)).toBeLessThan(1e-5);
    }
  });

  it('names the mis-shaped weight', () => {
    const z = (s: number[]) => tf.zeros(s);
    const w = { wIh: z([K, IN, 4 * H]), wHh: z([K, H, 3 * H]), bIh: z([K, 4 * H]), bHh: z([K, 4 * H]) } as never;
    const call = () => groupLstmStep(z([B, K, IN]) as tf.Tensor3D, z([B, K, H]) as tf.Tensor3D, z([B, K, H]) as tf.Tensor3D, w);
    expect(call).toThrow(ShapeError);
    expect(call).toThrow("groupLstmStep: 'weights.wHh' must be [units, hidden, 4*hidden] = [3, 5, 20], got [3, 5, 15]");
  });
});
