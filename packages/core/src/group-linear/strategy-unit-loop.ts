import * as tf from '@tensorflow/tfjs-core';
import { customGradient } from '../train/custom-gradient.js';
import type { GroupLinearFn } from './strategies.js';

/*
 * The one place in rimjs allowed to loop over units in JavaScript. The project rule "never loop
 * over units" exists so that every mechanism runs in one call; GroupLinear *is* that call, and on
 * backends whose fast matmul covers only 2-D products (wasm: XNNPACK), a short loop of 2-D matMuls
 * inside it is the fast way to do it. Its kernel count grows with `units` (a few kernels per unit,
 * forward and backward); callers still see one call. No default uses it: `depthwiseConv` is
 * faster on wasm in a fixed number of kernels.
 */

/** Adds `bias [units, out]` to `y [batch, units, out]` when given. */
export function addBias(y: tf.Tensor3D, bias?: tf.Tensor2D): tf.Tensor3D {
  return bias ? (tf.add(y, bias) as tf.Tensor3D) : y;
}

/**
 * `t [units, ...]` -> units x `[...]`. `tf.unstack` of a single slice breaks tfjs' Unpack
 * gradient (it hands a lone tensor to `stack`), so one unit is a reshape instead.
 */
export function perUnit(t: tf.Tensor): tf.Tensor2D[] {
  return (t.shape[0] === 1 ? [tf.reshape(t, t.shape.slice(1) as [number, number])] : tf.unstack(t, 0)) as tf.Tensor2D[];
}

/**
 * `y[:, u] = x[:, u] @ w[u]` as one 2-D matMul per unit. Units are moved to the front first, so
 * each per-unit slice is contiguous (a copy, not a strided gather).
 */
function unitMatMuls(x: tf.Tensor3D, w: tf.Tensor3D): tf.Tensor3D {
  return unitMatMulsWith(x, perUnit(w)); // w: units x [in, out]
}

/** `y[:, u] = x[:, u] @ ws[u]` with the per-unit matrices already split (`ws`: units x `[in, out]`). */
export function unitMatMulsWith(x: tf.Tensor3D, ws: tf.Tensor2D[]): tf.Tensor3D {
  const xs = perUnit(tf.transpose(x, [1, 0, 2])); // units x [batch, in]
  const y = tf.stack(xs.map((xu, u) => tf.matMul(xu, ws[u]!)), 0); // [units, batch, out]
  return tf.transpose(y, [1, 0, 2]) as tf.Tensor3D; // [batch, units, out]
}

/** Per-unit 2-D matMuls, tfjs' own gradients (whose matMuls are transposed). */
export const unitLoop: GroupLinearFn = (x, w, bias) => addBias(unitMatMuls(x, w), bias);

/**
 * Per-unit 2-D matMuls with a custom gradient made only of 2-D, non-transposed matMuls after
 * explicit `tf.transpose`s, so every product stays on XNNPACK on wasm:
 * `dx[:, u] = dy[:, u] @ w[u]^T`, `dw[u] = x[:, u]^T @ dy[:, u]`.
 */
const unitLoopCustomCore = customGradient((x, w) => {
  return {
    value: unitMatMuls(x as tf.Tensor3D, w as tf.Tensor3D),
    gradFunc: (dy, [xs, ws]) => {
      const dys = perUnit(tf.transpose(dy, [1, 0, 2])); // units x [batch, out]
      const wts = perUnit(tf.transpose(ws!, [0, 2, 1])); // units x [out, in]
      const xts = perUnit(tf.transpose(xs!, [1, 2, 0])); // units x [in, batch]
      const dxt = tf.stack(dys.map((d, u) => tf.matMul(d, wts[u]!)), 0); // [units, batch, in]
      const dx = tf.transpose(dxt, [1, 0, 2]); // [batch, units, in]
      const dw = tf.stack(xts.map((xt, u) => tf.matMul(xt, dys[u]!)), 0); // [units, in, out]
      return [dx, dw];
    },
  };
});

/** Per-unit 2-D matMuls forward and backward, all non-transposed (see the note above). */
export const unitLoopCustom: GroupLinearFn = (x, w, bias) => addBias(unitLoopCustomCore(x, w) as tf.Tensor3D, bias);
