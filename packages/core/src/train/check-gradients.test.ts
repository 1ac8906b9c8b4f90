import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../testing/index.js';
import { checkGradients } from './check-gradients.js';

describe('checkGradients', () => {
  beforeAll(() => useBackend('cpu'));

  it('accepts correct gradients', () => {
    const x = tf.tensor2d([0.1, -0.4, 0.7, 0.2], [2, 2]);
    const w = tf.tensor2d([0.5, 0.3, -0.2, 0.9], [2, 2]);
    const r = checkGradients((a, b) => tf.sum(tf.tanh(tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D))), [x, w]);
    expect(r.checked).toBe(8);
    expect(r.maxRelError).toBeLessThan(1e-2);
  });

  it('catches a wrong gradient', () => {
    // A custom op whose backward is off by a factor of 2.
    const wrong = tf.customGrad(((a: tf.Tensor) => ({
      value: tf.square(a),
      gradFunc: (dy: tf.Tensor) => tf.mul(dy, tf.mul(a, 4)),
    })) as unknown as Parameters<typeof tf.customGrad>[0]);
    const r = checkGradients((a) => tf.sum(wrong(a!) as tf.Tensor) as tf.Scalar, [tf.tensor1d([0.5, 1, 1.5])]);
    expect(r.maxRelError).toBeGreaterThan(0.9);
  });
});
