import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '@rimjs/core';
import { expectNoLeak, TEST_BACKENDS, useBackend } from '@rimjs/core/testing';
import { denseMatMul } from './mat-mul.js';
import { maxDiff, randomTensor } from './test-support/reference.js';

describe.each(TEST_BACKENDS)('denseMatMul on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('is a @ b, with the gradients of a @ b', async () => {
    const rng = new Rng(1);
    const a = randomTensor(rng, [3, 4]) as tf.Tensor2D;
    const b = randomTensor(rng, [4, 5]) as tf.Tensor2D;
    const R = randomTensor(rng, [3, 5]);
    // Reference: y[i, j] = sum_k a[i, k] b[k, j]; dL/da = R b^T, dL/db = a^T R, written as sums.
    const [av, bv, rv] = [a.arraySync(), b.arraySync(), R.arraySync() as number[][]];
    const y = av.map((row) => bv[0]!.map((_, j) => row.reduce((s, v, k) => s + v * bv[k]![j]!, 0)));
    const da = av.map((row, i) => row.map((_, k) => rv[i]!.reduce((s, r, j) => s + r * bv[k]![j]!, 0)));
    const db = bv.map((row, k) => row.map((_, j) => av.reduce((s, arow, i) => s + arow[k]! * rv[i]![j]!, 0)));
    expect(maxDiff(denseMatMul(a, b), y.flat())).toBeLessThan(1e-5);
    const [ga, gb] = tf.grads((x, w) => tf.sum(tf.mul(denseMatMul(x as tf.Tensor2D, w as tf.Tensor2D), R)) as tf.Scalar)([a, b]);
    expect(maxDiff(ga!, da.flat())).toBeLessThan(1e-5);
    expect(maxDiff(gb!, db.flat())).toBeLessThan(1e-5);
    await expectNoLeak(() => tf.dispose(tf.grads((x) => tf.sum(denseMatMul(x as tf.Tensor2D, b)) as tf.Scalar)([a])));
  });
});
