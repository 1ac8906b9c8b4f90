import * as tf from '@tensorflow/tfjs-core';

/** `[batch, n, heads*d]` -> `[batch, heads, n, d]` (a reshape only when `heads` is 1). */
export function splitHeads(x: tf.Tensor3D, heads: number): tf.Tensor4D {
  const [batch, n, hd] = x.shape;
  const d = hd / heads;
  if (heads === 1) return tf.reshape(x, [batch, 1, n, d]); // [batch, 1, n, d]
  const x4 = tf.reshape(x, [batch, n, heads, d]); // [batch, n, heads, d]
  return tf.transpose(x4, [0, 2, 1, 3]) as tf.Tensor4D; // [batch, heads, n, d]
}

/** `[batch, n, heads*d]` -> `[batch, heads, d, n]`: keys laid out for a non-transposed matMul. */
export function splitHeadsTransposed(x: tf.Tensor3D, heads: number): tf.Tensor4D {
  const [batch, n, hd] = x.shape;
  const d = hd / heads;
  const x4 = tf.reshape(x, [batch, n, heads, d]); // [batch, n, heads, d]
  return tf.transpose(x4, [0, 2, 3, 1]) as tf.Tensor4D; // [batch, heads, d, n]
}

/** `[batch, heads, n, d]` -> `[batch, n, heads*d]` (a reshape only when `heads` is 1). */
export function mergeHeads(x: tf.Tensor4D): tf.Tensor3D {
  const [batch, heads, n, d] = x.shape;
  if (heads === 1) return tf.reshape(x, [batch, n, d]); // [batch, n, d]
  const t = tf.transpose(x, [0, 2, 1, 3]); // [batch, n, heads, d]
  return tf.reshape(t, [batch, n, heads * d]); // [batch, n, heads*d]
}
