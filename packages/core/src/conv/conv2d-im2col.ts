import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, ShapeError } from '../errors.js';
import { plainGradMatMul } from '../train/plain-grad-mat-mul.js';

/** Options of {@link conv2dIm2col}. */
export interface Im2colOptions {
  /** Kernel rows and columns. */
  kernel: readonly [number, number];
  /** Step between outputs, in both directions. Default 1. */
  stride?: number;
  /** `same` (default; TensorFlow's rule: output `ceil(size / stride)`, extra padding bottom/right) or `valid`. */
  padding?: 'same' | 'valid';
}

/**
 * A 2-D convolution as one matrix product over the input's patches (im2col), equal to
 * `tf.conv2d(x, reshape(w, [kh, kw, cin, cout]), stride, padding) + b`. Unlike `tf.conv2d` it has
 * gradients on the wasm backend (which lacks `Conv2DBackpropFilter`), and its one 2-D matMul is
 * the product XNNPACK runs fastest (its gradient too: `plainGradMatMul`). Cost: the patch matrix `[batch * outRows * outCols, kh*kw*cin]`.
 * Strides are taken with reshapes (no `stridedSlice`, which has no gradient in tfjs).
 *
 * @param x `[batch, rows, cols, cin]`
 * @param w `[kh * kw * cin, cout]`, rows ordered (dy, dx, cin) as `tf.conv2d`'s filter `[kh, kw, cin, cout]`
 * @param b `[cout]` or null
 * @returns `[batch, outRows, outCols, cout]`
 * @throws ConfigError for a bad kernel or stride; ShapeError when `w` does not fit `x` and the kernel.
 * @example
 * const y = conv2dIm2col(x, w, b, { kernel: [4, 4], stride: 2 }); // [8, 32, 32, 1] -> [8, 16, 16, cout]
 */
export function conv2dIm2col(x: tf.Tensor4D, w: tf.Tensor2D, b: tf.Tensor1D | null, { kernel, stride = 1, padding = 'same' }: Im2colOptions): tf.Tensor4D {
  const [kh, kw] = kernel;
  if (![kh, kw, stride].every((v) => Number.isInteger(v) && v >= 1)) {
    throw new ConfigError(`conv2dIm2col: 'kernel' and 'stride' must be positive integers, got kernel [${kernel.join(', ')}], stride ${stride}`);
  }
  const [batch, rows, cols, cin] = x.shape;
  if (w.rank !== 2 || w.shape[0] !== kh * kw * cin) {
    throw new ShapeError(`conv2dIm2col: 'w' must be [kh * kw * cin = ${kh * kw * cin}, cout], got [${w.shape.join(', ')}]`);
  }
  const cout = w.shape[1];
  const outSize = (n: number, k: number): number => (padding === 'same' ? Math.ceil(n / stride) : Math.floor((n - k) / stride) + 1);
  const outRows = outSize(rows, kh);
  const outCols = outSize(cols, kw);
  if (outRows < 1 || outCols < 1) throw new ShapeError(`conv2dIm2col: a [${kh}, ${kw}] kernel does not fit 'x' [${x.shape.join(', ')}] with 'valid' padding`);
  return tf.tidy(() => {
    // Pad so that every patch start (dy + stride * i) and a whole last stride block exist.
    const before = (n: number, k: number, out: number): number => (padding === 'same' ? Math.floor(Math.max((out - 1) * stride + k - n, 0) / 2) : 0);
    const top = before(rows, kh, outRows);
    const left = before(cols, kw, outCols);
    const needRows = kh - 1 + stride * outRows;
    const needCols = kw - 1 + stride * outCols;
    const padded = tf.pad(x, [[0, 0], [top, Math.max(needRows - rows - top, 0)], [left, Math.max(needCols - cols - left, 0)], [0, 0]]);
    const patches: tf.Tensor[] = [];
    for (let dy = 0; dy < kh; dy++) {
      for (let dx = 0; dx < kw; dx++) {
        let p: tf.Tensor = tf.slice(padded, [0, dy, dx, 0], [batch, stride * outRows, stride * outCols, cin]); // [batch, s*outRows, s*outCols, cin]
        if (stride > 1) {
          p = tf.reshape(p, [batch, outRows, stride, outCols, stride, cin]);
          p = tf.slice(p, [0, 0, 0, 0, 0, 0], [batch, outRows, 1, outCols, 1, cin]);
        }
        patches.push(tf.reshape(p, [batch * outRows * outCols, cin]));
      }
    }
    const cols2d = patches.length === 1 ? patches[0]! : tf.concat(patches, 1); // [batch*outRows*outCols, kh*kw*cin]
    const y = plainGradMatMul(cols2d as tf.Tensor2D, w); // [batch*outRows*outCols, cout]; untransposed products in the backward too
    return tf.reshape(b ? tf.add(y, b) : y, [batch, outRows, outCols, cout]) as tf.Tensor4D;
  });
}
