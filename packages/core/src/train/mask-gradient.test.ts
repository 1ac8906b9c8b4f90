import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it, beforeAll } from 'vitest';
import { ShapeError } from '../errors.js';
import { expectNoLeak, TEST_BACKENDS, useBackend } from '../testing/index.js';
import { maskGradient } from './mask-gradient.js';
import { stopGradient } from './stop-gradient.js';

describe.each(TEST_BACKENDS)('maskGradient and stopGradient on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('maskGradient is identity forward and multiplies the gradient by a prefix-shaped mask', () => {
    const x = tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]); // [batch, units, hidden]
    const mask = tf.tensor2d([1, 0, 0, 1], [2, 2]); // [batch, units]
    const y = maskGradient(x, mask);
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // d/dx sum(x^2 masked-grad) = 2x * mask
    const g = tf.grad((a: tf.Tensor) => tf.sum(tf.square(maskGradient(a, mask))))(x);
    expect(Array.from(g.dataSync())).toEqual([2, 4, 0, 0, 0, 0, 14, 16]);
  });

  it('stopGradient passes values and no gradient', () => {
    const x = tf.tensor1d([1, 2, 3]);
    const g = tf.grad((a: tf.Tensor) => tf.sum(tf.add(tf.mul(stopGradient(a), a), a)))(x);
    // d/da (sg(a) * a + a) = sg(a) + 1
    expect(Array.from(g.dataSync())).toEqual([2, 3, 4]);
  });

  it('rejects a mask that is not a prefix of the shape', () => {
    expect(() => maskGradient(tf.zeros([2, 3, 4]), tf.zeros([3]))).toThrow(ShapeError);
    expect(() => maskGradient(tf.zeros([2, 3, 4]), tf.zeros([3]))).toThrow(/'mask' must be a prefix of x's shape \[2, 3, 4\], got \[3\]/);
  });

  it('does not leak', async () => {
    const x = tf.ones([2, 3, 4]);
    const m = tf.ones([2, 3]);
    await expectNoLeak(() => tf.tidy(() => tf.grad((a: tf.Tensor) => tf.sum(maskGradient(a, m)))(x)).dispose());
  });
});
