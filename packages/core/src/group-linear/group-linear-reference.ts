import * as tf from '@tensorflow/tfjs-core';

/**
 * The plain, obvious GroupLinear: `y[b, u, o] = sum_i x[b, u, i] * w[u, i, o] + bias[u, o]`,
 * written as a broadcast multiply and a sum. Slow and memory-hungry; it is the reference the
 * fast strategies are tested against, not something to train with.
 *
 * @param x `[batch, units, in]`
 * @param w `[units, in, out]`
 * @param bias `[units, out]`
 * @returns `[batch, units, out]`
 */
export function groupLinearReference(x: tf.Tensor3D, w: tf.Tensor3D, bias?: tf.Tensor2D): tf.Tensor3D {
  return tf.tidy(() => {
    const prod = tf.mul(tf.expandDims(x, 3), tf.expandDims(w, 0)); // [batch, units, in, out]
    const y = tf.sum(prod, 2) as tf.Tensor3D; // [batch, units, out]
    return bias ? (tf.add(y, bias) as tf.Tensor3D) : y;
  });
}
