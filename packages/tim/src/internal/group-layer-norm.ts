import * as tf from '@tensorflow/tfjs-core';

/**
 * Layer norm of each mechanism's slice: `x` is `[rows, ns, dMech]`, normalised over `dMech`
 * (biased variance, as PyTorch), then `* gain + bias` with per-mechanism `gain`, `bias`
 * `[ns, dMech]` (a standard layer passes `ns = 1`, or `[dModel]` gain and bias).
 *
 * `y = (x - mean) / sqrt(var + eps) * gain + bias`.
 *
 * @param x `[rows, ns, dMech]`
 * @param gain `[ns, dMech]` or `[dMech]`
 * @param bias `[ns, dMech]` or `[dMech]`
 * @returns `[rows, ns, dMech]`
 */
export function groupLayerNorm(x: tf.Tensor3D, gain: tf.Tensor, bias: tf.Tensor, eps: number): tf.Tensor3D {
  const mean = tf.mean(x, -1, true); // [rows, ns, 1]
  const centered = tf.sub(x, mean); // [rows, ns, dMech]
  const variance = tf.mean(tf.square(centered), -1, true); // [rows, ns, 1]
  const normed = tf.mul(centered, tf.rsqrt(tf.add(variance, eps))); // [rows, ns, dMech]
  return tf.add(tf.mul(normed, gain), bias) as tf.Tensor3D;
}
