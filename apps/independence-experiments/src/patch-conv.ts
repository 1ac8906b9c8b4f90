import * as tf from '@tensorflow/tfjs-core';

/**
 * A stride-1 'same' convolution with an odd `[k, k, Cin, Cout]` kernel as one matMul over k^2
 * shifted copies of the padded input (im2col). tfjs-backend-wasm 4.22 registers no
 * Conv2DBackpropFilter, so `tf.conv2d` cannot be trained there; slices, concat and matMul can.
 * Equal to `tf.conv2d(x, kernel, 1, 'same')` (a test holds them equal).
 *
 * @param x `[batch, H, W, Cin]`
 * @param kernel `[k, k, Cin, Cout]`, k odd
 * @returns `[batch, H, W, Cout]`
 */
export function patchConv(x: tf.Tensor4D, kernel: tf.Tensor4D): tf.Tensor4D {
  const [batch, h, w, cin] = x.shape;
  const [k, , , cout] = kernel.shape;
  return tf.tidy(() => {
    const r = (k - 1) / 2;
    const padded = tf.pad(x, [[0, 0], [r, r], [r, r], [0, 0]]); // [b, H + k - 1, W + k - 1, Cin]
    const shifts: tf.Tensor4D[] = [];
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) shifts.push(tf.slice(padded, [0, a, b, 0], [batch, h, w, cin]));
    const cols = tf.reshape(tf.concat(shifts, 3), [batch * h * w, k * k * cin]); // [b H W, k k Cin]
    return tf.reshape(tf.matMul(cols, tf.reshape(kernel, [k * k * cin, cout])), [batch, h, w, cout]) as tf.Tensor4D;
  });
}

/** Keeps every second pixel: `[batch, 2H, 2W, C]` -> `[batch, H, W, C]` (a stride-2 subsampling with gradients on wasm). */
export function subsample2(x: tf.Tensor4D): tf.Tensor4D {
  const [batch, h2, w2, c] = x.shape;
  return tf.tidy(() => {
    const r = tf.reshape(x, [batch, h2 / 2, 2, w2 / 2, 2 * c]); // [b, H, 2, W, 2 C]
    return tf.reshape(tf.slice(r, [0, 0, 0, 0, 0], [batch, h2 / 2, 1, w2 / 2, c]), [batch, h2 / 2, w2 / 2, c]) as tf.Tensor4D;
  });
}
