import * as tf from '@tensorflow/tfjs-core';
import { conv2dIm2col } from '@rimjs/core';

/**
 * A stride-1 'same' convolution with an odd `[k, k, Cin, Cout]` kernel: core's `conv2dIm2col`, one
 * matMul over k^2 shifted copies of the padded input (im2col). tfjs-backend-wasm 4.22 registers no
 * Conv2DBackpropFilter, so `tf.conv2d` cannot be trained there; slices, concat and matMul can.
 * Equal to `tf.conv2d(x, kernel, 1, 'same')` (a test holds them equal).
 *
 * @param x `[batch, H, W, Cin]`
 * @param kernel `[k, k, Cin, Cout]`, k odd
 * @returns `[batch, H, W, Cout]`
 */
export function patchConv(x: tf.Tensor4D, kernel: tf.Tensor4D): tf.Tensor4D {
  const [k, , cin, cout] = kernel.shape;
  return tf.tidy(() => conv2dIm2col(x, tf.reshape(kernel, [k * k * cin, cout]), null, { kernel: [k, k] }));
}

/** Keeps every second pixel: `[batch, 2H, 2W, C]` -> `[batch, H, W, C]` (a stride-2 subsampling with gradients on wasm). */
export function subsample2(x: tf.Tensor4D): tf.Tensor4D {
  const [batch, h2, w2, c] = x.shape;
  return tf.tidy(() => {
    const r = tf.reshape(x, [batch, h2 / 2, 2, w2 / 2, 2 * c]); // [b, H, 2, W, 2 C]
    return tf.reshape(tf.slice(r, [0, 0, 0, 0, 0], [batch, h2 / 2, 1, w2 / 2, c]), [batch, h2 / 2, w2 / 2, c]) as tf.Tensor4D;
  });
}
