import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Parameters, Rng } from '@rimjs/core';
import { TEST_BACKENDS, useBackend } from '@rimjs/core/testing';
import { InputAttention } from './input-attention.js';
import { MultiHeadAttention } from './multi-head-attention.js';
import { randn } from './testing-internal/reference.js';

/** Kernels dispatched by one forward + backward pass (all parameter gradients). */
async function kernelsOf(units: number, which: 'input' | 'comm'): Promise<string[]> {
  const params = new Parameters(new Rng(1));
  const h = randn([4, units, 10], 1) as tf.Tensor3D;
  let loss: () => tf.Scalar;
  if (which === 'input') {
    const read = new InputAttention(params, { units, querySize: 10, inputSize: 12 });
    const x = randn([4, 12], 2) as tf.Tensor2D;
    loss = () => tf.sum(read.apply(h, x, { training: true, seed: 3 }).output);
  } else {
    const comm = new MultiHeadAttention(params, { units, querySize: 10 });
    loss = () => tf.sum(comm.apply(h, undefined, { training: true, seed: 3 }).output);
  }
  const info = await tf.profile(() => {
    tf.tidy(() => {
      tf.variableGrads(loss, params.trainable());
    });
  });
  params.dispose();
  h.dispose();
  return info.kernels.map((k) => k.name);
}

describe.each(TEST_BACKENDS)('a fixed number of ops, whatever the number of units, on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it.each(['input', 'comm'] as const)('%s attention: the same kernels for 2 and 12 units, forward and backward', async (which) => {
    const two = await kernelsOf(2, which);
    const twelve = await kernelsOf(12, which);
    expect(twelve).toEqual(two);
    expect(two.length).toBeGreaterThan(20);
    expect(two.length).toBeLessThan(300); // tens of kernels, clones for the tape included
  });
});
