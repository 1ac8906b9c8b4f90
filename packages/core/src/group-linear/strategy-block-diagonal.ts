import * as tf from '@tensorflow/tfjs-core';
import { customGradient } from '../train/custom-gradient.js';
import type { GroupLinearFn } from './strategies.js';
import { addBias } from './strategy-unit-loop.js';

/**
 * `[units, a, b]` -> the block-diagonal `[units * a, units * b]` with block `u` = `m[u]`, in a
 * fixed number of ops (a multiply by an identity mask).
 */
function blockDiag(m: tf.Tensor3D): tf.Tensor2D {
  const [units, a, b] = m.shape;
  const eye = tf.reshape(tf.eye(units), [units, 1, units, 1]); // [units, 1, units, 1]
  const blocks = tf.mul(tf.reshape(m, [units, a, 1, b]), eye); // [units, a, units, b]
  return tf.reshape(blocks, [units * a, units * b]) as tf.Tensor2D;
}

/**
 * One 2-D matMul of `x [batch, units * in]` with the block-diagonal `[units * in, units * out]`
 * weight, forward and backward (explicit transposes, so wasm stays on XNNPACK). `units` times the
 * FLOPs and memory of the others, but a fixed number of ops. The gradient wrt `w` is the diagonal
 * blocks of `x^T @ dy`.
 */
const blockDiagonalCore = customGradient((x, w) => {
  const [batch, units, inSize] = x!.shape as [number, number, number];
  const outSize = w!.shape[2]!;
  const xf = tf.reshape(x, [batch, units * inSize]); // [batch, units * in]
  const y = tf.matMul(xf, blockDiag(w as tf.Tensor3D)); // [batch, units * out]
  return {
    value: tf.reshape(y, [batch, units, outSize]),
    gradFunc: (dy, [xs, ws]) => {
      const dyf = tf.reshape(dy, [batch, units * outSize]); // [batch, units * out]
      const wt = blockDiag(tf.transpose(ws!, [0, 2, 1]) as tf.Tensor3D); // [units * out, units * in]
      const dx = tf.reshape(tf.matMul(dyf, wt), [batch, units, inSize]); // [batch, units, in]
      const xt = tf.transpose(tf.reshape(xs!, [batch, units * inSize])); // [units * in, batch]
      const full = tf.reshape(tf.matMul(xt, dyf), [units, inSize, units, outSize]); // [units, in, units, out]
      const eye = tf.reshape(tf.eye(units), [units, 1, units, 1]); // [units, 1, units, 1]
      const dw = tf.sum(tf.mul(full, eye), 2); // [units, in, out]
      return [dx, dw];
    },
  };
});

/** Block-diagonal weight, one 2-D matMul (see above). */
export const blockDiagonal: GroupLinearFn = (x, w, bias) => addBias(blockDiagonalCore(x, w) as tf.Tensor3D, bias);
