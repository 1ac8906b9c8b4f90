import * as tf from '@tensorflow/tfjs-core';
import { groupLinear } from '@rimjs/core';

/**
 * A linear map of every row of `x`: one matrix per mechanism (`w [n, in, out]`, core's
 * GroupLinear with its per-backend default, all mechanisms in one call) or one matrix shared by
 * every row (`w [in, out]`).
 *
 * The shared case is one 2-D product. On wasm it goes through GroupLinear's `unitLoopCustom`
 * with a single unit, whose gradient uses explicit transposes and non-transposed 2-D matMuls,
 * so forward and backward stay on XNNPACK (tfjs' own matMul gradient is transposed and falls
 * off it): measured 30% faster per training step of the experiment encoders on wasm.
 *
 * @param x `[rows, n, in]`
 * @param w `[n, in, out]` or `[in, out]`
 * @param bias `[n, out]` or `[out]`, matching `w`
 * @returns `[rows, n, out]`
 */
export function project(x: tf.Tensor3D, w: tf.Tensor, bias?: tf.Tensor): tf.Tensor3D {
  if (w.rank === 3) return groupLinear(x, w as tf.Tensor3D, bias as tf.Tensor2D | undefined); // [rows, n, out]
  const [rows, n, inSize] = x.shape;
  const out = w.shape[1]!;
  let y: tf.Tensor; // [rows*n, out] or [rows*n, 1, out]
  if (tf.getBackend() === 'wasm') {
    const x1 = tf.reshape(x, [rows * n, 1, inSize]) as tf.Tensor3D; // [rows*n, 1, in]
    const w1 = tf.reshape(w, [1, inSize, out]) as tf.Tensor3D; // [1, in, out]
    y = groupLinear(x1, w1, undefined, { strategy: 'unitLoopCustom' }); // [rows*n, 1, out]
  } else {
    y = tf.matMul(tf.reshape(x, [rows * n, inSize]) as tf.Tensor2D, w as tf.Tensor2D); // [rows*n, out]
  }
  const y3 = tf.reshape(y, [rows, n, out]) as tf.Tensor3D; // [rows, n, out]
  return bias ? (tf.add(y3, bias) as tf.Tensor3D) : y3;
}
