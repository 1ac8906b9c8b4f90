import * as tf from '@tensorflow/tfjs-core';
import { conv2dIm2col } from '@rimjs/core';

/**
 * A 2x2 'valid' convolution with stride 1: core's `conv2dIm2col`, one matrix product over the
 * four shifted views (im2col), so its gradient is slices, a concat and a matMul: tfjs's own `conv2d` gradient has
 * no wasm kernel (`Conv2DBackpropFilter`) and is slow on cpu.
 * `out[n, y, x, o] = sum_{i, j, c} x[n, y + i, x + j, c] * filter[i, j, c, o] + bias[o]`.
 * Call inside a tidy.
 *
 * @param x `[rows, height, width, inChannels]`
 * @param filter `[2, 2, inChannels, outChannels]` (tfjs's layout); @param bias `[outChannels]`
 * @returns `[rows, height - 1, width - 1, outChannels]`
 */
export function conv2x2(x: tf.Tensor4D, filter: tf.Tensor4D, bias: tf.Tensor1D): tf.Tensor4D {
  const [, , inCh, outCh] = filter.shape;
  return conv2dIm2col(x, tf.reshape(filter, [4 * inCh, outCh]), bias, { kernel: [2, 2], padding: 'valid' });
}

/** 2x2 max-pooling with stride 2 as a reshape and a max (even sides): `[rows, 2h, 2w, c]` -> `[rows, h, w, c]`. */
export function maxPool2x2(x: tf.Tensor4D): tf.Tensor4D {
  const [rows, height, width, c] = x.shape;
  return tf.max(tf.reshape(x, [rows, height / 2, 2, width / 2, 2, c]), [2, 4]) as tf.Tensor4D;
}
