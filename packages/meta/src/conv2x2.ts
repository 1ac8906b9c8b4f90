import * as tf from '@tensorflow/tfjs-core';

/**
 * A 2x2 'valid' convolution with stride 1 as one matrix product over the four shifted views
 * (im2col), so its gradient is slices, a concat and a matMul: tfjs's own `conv2d` gradient has
 * no wasm kernel (`Conv2DBackpropFilter`) and is slow on cpu.
 * `out[n, y, x, o] = sum_{i, j, c} x[n, y + i, x + j, c] * filter[i, j, c, o] + bias[o]`.
 * Call inside a tidy.
 *
 * @param x `[rows, height, width, inChannels]`
 * @param filter `[2, 2, inChannels, outChannels]` (tfjs's layout); @param bias `[outChannels]`
 * @returns `[rows, height - 1, width - 1, outChannels]`
 */
export function conv2x2(x: tf.Tensor4D, filter: tf.Tensor4D, bias: tf.Tensor1D): tf.Tensor4D {
  const [rows, height, width, inCh] = x.shape;
  const outCh = filter.shape[3];
  const h = height - 1;
  const w = width - 1;
  const views: tf.Tensor4D[] = [];
  for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) views.push(tf.slice(x, [0, i, j, 0], [rows, h, w, inCh]));
  const patches = tf.reshape(tf.concat(views, 3), [rows * h * w, 4 * inCh]); // [rows*h*w, (i, j, c)]
  const y = tf.add(tf.matMul(patches, tf.reshape(filter, [4 * inCh, outCh])), bias); // [rows*h*w, outCh]
  return tf.reshape(y, [rows, h, w, outCh]);
}

/** 2x2 max-pooling with stride 2 as a reshape and a max (even sides): `[rows, 2h, 2w, c]` -> `[rows, h, w, c]`. */
export function maxPool2x2(x: tf.Tensor4D): tf.Tensor4D {
  const [rows, height, width, c] = x.shape;
  return tf.max(tf.reshape(x, [rows, height / 2, 2, width / 2, 2, c]), [2, 4]) as tf.Tensor4D;
}
