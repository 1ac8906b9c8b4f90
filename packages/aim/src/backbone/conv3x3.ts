import * as tf from '@tensorflow/tfjs-core';
import { matMul } from '../internal/mat-mul.js';

/**
 * A 3 x 3 convolution, stride 1, zero padding 1 ("same"), as one matMul over the nine shifted
 * copies of the input (im2col). It equals `tf.conv2d(x, reshape(w, [3, 3, cin, cout]), 1, 'same')`
 * and, unlike it, has gradients on the wasm backend (which lacks `Conv2DBackpropFilter`).
 *
 * @param x `[batch, rows, cols, cin]`
 * @param w `[9 * cin, cout]`, rows ordered (dy, dx, cin) as `tf.conv2d`'s filter `[3, 3, cin, cout]`
 * @param b `[cout]`
 * @returns `[batch, rows, cols, cout]`
 */
export function conv3x3(x: tf.Tensor4D, w: tf.Tensor2D, b: tf.Tensor1D): tf.Tensor4D {
  return tf.tidy(() => {
    const [batch, rows, cols, cin] = x.shape;
    const padded = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]]); // [batch, rows + 2, cols + 2, cin]
    const shifted: tf.Tensor[] = [];
    for (let dy = 0; dy < 3; dy++) for (let dx = 0; dx < 3; dx++) shifted.push(tf.slice(padded, [0, dy, dx, 0], [batch, rows, cols, cin]));
    const patches = tf.reshape(tf.concat(shifted, 3), [batch * rows * cols, 9 * cin]); // [batch*rows*cols, 9*cin]
    const out = tf.add(matMul(patches as tf.Tensor2D, w), b); // [batch*rows*cols, cout]
    return tf.reshape(out, [batch, rows, cols, w.shape[1]]) as tf.Tensor4D;
  });
}
