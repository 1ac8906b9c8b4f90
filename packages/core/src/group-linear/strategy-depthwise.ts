import * as tf from '@tensorflow/tfjs-core';
import { customGradient } from '../train/custom-gradient.js';
import type { GroupLinearFn } from './strategies.js';
import { addBias } from './strategy-unit-loop.js';

/**
 * `out[n, u, o] = sum_k a[n, k, u] * f[k, u, o]` as ONE depthwise convolution: `a` is the image
 * `[n, k, 1, units]` (height `k`, one column, a channel per unit) and `f` the filter
 * `[k, 1, units, o]` spanning the whole height, with channel multiplier `o`. XNNPACK runs a
 * depthwise convolution with multiplier > 1 as a grouped GEMM, one group per unit: a grouped
 * linear in a fixed number of ops.
 *
 * @param a `[n, k, units]`
 * @param f `[k, units, o]`
 * @returns `[n, units, o]`
 */
export function groupedContract(a: tf.Tensor3D, f: tf.Tensor3D): tf.Tensor3D {
  return depthwiseContract(a, depthwiseFilter(f));
}

/** `f [k, units, o]` as the filter of {@link depthwiseContract}, `[k, 1, units, o]` (make it once to reuse it). */
export function depthwiseFilter(f: tf.Tensor3D): tf.Tensor4D {
  const [k, units, o] = f.shape;
  return tf.reshape(f, [k, 1, units, o]) as tf.Tensor4D; // [k, 1, units, o]
}

/** {@link groupedContract} with its filter already laid out: `a [n, k, units]`, `filter [k, 1, units, o]` -> `[n, units, o]`. */
export function depthwiseContract(a: tf.Tensor3D, filter: tf.Tensor4D): tf.Tensor3D {
  const [n, k, units] = a.shape;
  const o = filter.shape[3];
  const img = tf.reshape(a, [n, k, 1, units]) as tf.Tensor4D; // [n, k, 1, units]
  const y = tf.depthwiseConv2d(img, filter, 1, 'valid'); // [n, 1, 1, units * o]
  return tf.reshape(y, [n, units, o]) as tf.Tensor3D; // [n, units, o]
}

/** GroupLinear's weight gradient as one depthwise convolution: `dw[u] = sum_n x[n, u]^T dy[n, u]`, `[units, in, out]`. */
export function depthwiseWeightGrad(x: tf.Tensor3D, dy: tf.Tensor3D): tf.Tensor3D {
  const xb = tf.transpose(x, [2, 0, 1]) as tf.Tensor3D; // [in, n, units]
  const dwt = groupedContract(xb, dy); // [in, units, out]
  return tf.transpose(dwt, [1, 0, 2]) as tf.Tensor3D; // [units, in, out]
}

/**
 * GroupLinear as depthwise convolutions, forward and backward (tfjs has no gradient of these on
 * wasm, so the gradient is custom and is itself two such convolutions):
 * `y = conv(x^T, w)`, `dx = conv(dy^T, w^T)`, `dw = conv(x over batch, dy)`.
 */
const depthwiseCore = customGradient((x, w) => {
  const xt = tf.transpose(x!, [0, 2, 1]) as tf.Tensor3D; // [batch, in, units]
  const wt = tf.transpose(w!, [1, 0, 2]) as tf.Tensor3D; // [in, units, out]
  return {
    value: groupedContract(xt, wt), // [batch, units, out]
    gradFunc: (dy, [xs, ws]) => {
      const d = dy as tf.Tensor3D; // [batch, units, out]
      const dyt = tf.transpose(d, [0, 2, 1]) as tf.Tensor3D; // [batch, out, units]
      const wot = tf.transpose(ws!, [2, 0, 1]) as tf.Tensor3D; // [out, units, in]
      const dx = groupedContract(dyt, wot); // [batch, units, in]
      return [dx, depthwiseWeightGrad(xs as tf.Tensor3D, d)]; // dw [units, in, out]
    },
  };
});

/** Depthwise-convolution GroupLinear (see above): fixed op count, XNNPACK on wasm. */
export const depthwiseConv: GroupLinearFn = (x, w, bias) => addBias(depthwiseCore(x, w) as tf.Tensor3D, bias);
