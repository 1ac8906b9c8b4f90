import type * as tf from '@tensorflow/tfjs-core';
import { conv2dIm2col } from '@rimjs/core';

/**
 * A 3 x 3 convolution, stride 1, zero padding 1 ("same"): core's `conv2dIm2col`, one matMul over
 * the nine shifted copies of the input (im2col). It equals `tf.conv2d(x, reshape(w, [3, 3, cin, cout]), 1, 'same')`
 * and, unlike it, has gradients on the wasm backend (which lacks `Conv2DBackpropFilter`).
 *
 * @param x `[batch, rows, cols, cin]`
 * @param w `[9 * cin, cout]`, rows ordered (dy, dx, cin) as `tf.conv2d`'s filter `[3, 3, cin, cout]`
 * @param b `[cout]`
 * @returns `[batch, rows, cols, cout]`
 */
export function conv3x3(x: tf.Tensor4D, w: tf.Tensor2D, b: tf.Tensor1D): tf.Tensor4D {
  return conv2dIm2col(x, w, b, { kernel: [3, 3] });
}
