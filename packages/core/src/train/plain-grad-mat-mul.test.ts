import { describe, it, expect } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeak, maxAbsDiff, TEST_BACKENDS, useBackend } from '../testing/index.js';
import { plainGradMatMul as matMul } from './plain-grad-mat-mul.js';

describe.each(TEST_BACKENDS)('plainGradMatMul (transpose-free gradients) on %s', (backend) => {
  it('equals tf.matMul in values and gradients, leak-free', async () => {
    await useBackend(backend);
    const a = tf.randomNormal([7, 5], 0, 1, 'float32', 1) as tf.Tensor2D;
    const b = tf.randomNormal([5, 3], 0, 1, 'float32', 2) as tf.Tensor2D;
    const probe = tf.randomNormal([7, 3], 0, 1, 'float32', 3);
    tf.tidy(() => {
      expect(maxAbsDiff(matMul(a, b), tf.matMul(a, b))).toBeLessThan(1e-6);
      const g1 = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(matMul(x as tf.Tensor2D, y as tf.Tensor2D), probe)))([a, b]);
      const g2 = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D), probe)))([a, b]);
      g1.forEach((g, i) => expect(maxAbsDiff(g, g2[i]!)).toBeLessThan(1e-5));
    });
    await expectNoLeak(() => tf.tidy(() => tf.grads((x: tf.Tensor) => tf.sum(matMul(x as tf.Tensor2D, b)))([a])[0]!.dataSync()));
    tf.dispose([a, b, probe]);
  });
});
