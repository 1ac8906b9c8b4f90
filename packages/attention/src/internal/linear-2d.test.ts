import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeak, TEST_BACKENDS, useBackend } from '@rimjs/core/testing';
import { linear2d, linear2dCustom } from './linear-2d.js';
import { arr, maxDiff, randn } from '../testing-internal/reference.js';

describe.each(TEST_BACKENDS)('linear2d (custom non-transposed gradient) on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it("agrees with tfjs' matMul in value and gradients", () => {
    const x = randn([7, 5], 1) as tf.Tensor2D;
    const w = randn([5, 3], 2) as tf.Tensor2D;
    const R = randn([7, 3], 3);
    for (const f of [linear2dCustom, linear2d]) {
      expect(maxDiff(arr(f(x, w)), arr(tf.matMul(x, w)))).toBeLessThan(1e-6);
      const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(a as tf.Tensor2D, b as tf.Tensor2D), R)))([x, w]);
      const gr = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.matMul(a, b), R)))([x, w]);
      g.forEach((gi, i) => expect(maxDiff(arr(gi), arr(gr[i]!))).toBeLessThan(1e-5));
    }
  });

  it('does not leak', async () => {
    const x = randn([7, 5], 1) as tf.Tensor2D;
    const w = randn([5, 3], 2) as tf.Tensor2D;
    await expectNoLeak(() => tf.tidy(() => {
      tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(linear2dCustom(a as tf.Tensor2D, b as tf.Tensor2D)))([x, w]);
    }));
  });
});
