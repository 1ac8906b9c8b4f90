import * as tf from '@tensorflow/tfjs-core';
import { groupLinear } from '@rimjs/core';
import { linear2d } from './linear-2d.js';

/**
 * A projection of every row of `x`: per row (`w [n, in, out]`, GroupLinear, one matrix per
 * unit or slot) or shared (`w [in, out]`, one matrix for every row).
 *
 * @param x `[batch, n, in]`
 * @param w `[n, in, out]` (per row) or `[in, out]` (shared)
 * @param bias `[n, out]` or `[out]`, matching `w`
 * @returns `[batch, n, out]`
 */
export function project(x: tf.Tensor3D, w: tf.Tensor, bias?: tf.Tensor): tf.Tensor3D {
  if (w.rank === 3) return groupLinear(x, w as tf.Tensor3D, bias as tf.Tensor2D | undefined); // [batch, n, out]
  const [batch, n, inSize] = x.shape;
  const out = w.shape[1]!;
  const y = linear2d(tf.reshape(x, [batch * n, inSize]), w as tf.Tensor2D); // [batch*n, out]
  const y3 = tf.reshape(y, [batch, n, out]) as tf.Tensor3D; // [batch, n, out]
  return bias ? (tf.add(y3, bias) as tf.Tensor3D) : y3;
}
