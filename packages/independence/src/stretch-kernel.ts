import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, ShapeError } from '@rimjs/core';

/** How {@link stretchKernel} fills the grid between the original taps. */
export type StretchMode = 'dilate' | 'linear';

function tent(s: number): Float32Array {
  const n = 2 * s - 1;
  const t = new Float32Array(n * n); // [2s - 1, 2s - 1]
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) t[a * n + b] = ((1 - Math.abs(a - s + 1) / s) * (1 - Math.abs(b - s + 1) / s)) / (s * s);
  return t;
}

/**
 * Stretches a convolution kernel spatially by an integer factor `s`: the intervention on one
 * layer of a generator ("stretch the layer", Besserve et al., arXiv 2004.00184; the paper's exact
 * resampling could not be read, see the README), the kernel read at a coarser scale so that the
 * features that layer draws grow s times.
 *
 * - `'dilate'`: `K_s[s m] = K[m]`, zeros between; size `s (k - 1) + 1`. Convolving with it is
 *   `tf.conv2d(x, K, 1, pad, 'NHWC', s)` (dilations), its response is `G_s(nu) = G(s nu)`, and it
 *   keeps the DC gain `sum K` and the energy `sum K^2`.
 * - `'linear'`: the kernel linearly interpolated at the positions `p / s` (zero outside it),
 *   divided by `s^2` to keep the DC gain; size `s (k + 1) - 1`. Equal to the dilated kernel
 *   convolved with the tent `(1 - |a|/s)(1 - |b|/s) / s^2`.
 *
 * One batched op for all `[Cin, Cout]` slices; differentiable.
 *
 * @param kernel `[kh, kw, Cin, Cout]`
 * @param s integer >= 1
 * @param mode `'dilate'` (default) or `'linear'`
 * @returns `[s (kh - 1) + 1, s (kw - 1) + 1, Cin, Cout]` (dilate) or `[s (kh + 1) - 1, s (kw + 1) - 1, Cin, Cout]` (linear)
 * @throws ShapeError for a kernel of rank != 4; ConfigError for a non-integer factor or unknown mode.
 * @example
 * const k5 = stretchKernel(k3, 2); // [3, 3, 8, 4] -> [5, 5, 8, 4]
 */
export function stretchKernel(kernel: tf.Tensor4D, s: number, mode: StretchMode = 'dilate'): tf.Tensor4D {
  if (kernel.rank !== 4) throw new ShapeError(`stretchKernel: 'kernel' must be [kh, kw, Cin, Cout], got [${kernel.shape.join(', ')}]`);
  if (!Number.isInteger(s) || s < 1) throw new ConfigError(`stretchKernel: 's' must be an integer >= 1 (fractional stretches are not supported), got ${s}`);
  if (mode !== 'dilate' && mode !== 'linear') throw new ConfigError(`stretchKernel: 'mode' must be 'dilate' or 'linear', got ${JSON.stringify(mode)}`);
  if (s === 1) return tf.clone(kernel);
  const [kh, kw, cin, cout] = kernel.shape;
  return tf.tidy(() => {
    const c = cin * cout;
    const k3 = tf.reshape(kernel, [kh, kw, c]); // [kh, kw, C]
    // zeros between rows: [kh, 1, kw, C] ++ [kh, s - 1, kw, C] -> [kh s, kw, C] -> first s (kh - 1) + 1
    const rows = tf.slice(tf.reshape(tf.concat([tf.expandDims(k3, 1), tf.zeros([kh, s - 1, kw, c])], 1), [kh * s, kw, c]), 0, s * (kh - 1) + 1);
    const dh = s * (kh - 1) + 1;
    const cols = tf.reshape(tf.concat([tf.expandDims(rows, 2), tf.zeros([dh, kw, s - 1, c])], 2), [dh, kw * s, c]);
    const dilated = tf.slice(cols, [0, 0, 0], [dh, s * (kw - 1) + 1, c]); // [dh, dw, C]
    const dw = s * (kw - 1) + 1;
    if (mode === 'dilate') return tf.reshape(dilated, [dh, dw, cin, cout]) as tf.Tensor4D;
    // linear: full convolution of each slice with the tent, as conv2d over C images
    const images = tf.expandDims(tf.transpose(dilated, [2, 0, 1]), 3) as tf.Tensor4D; // [C, dh, dw, 1]
    const padded = tf.pad(images, [[0, 0], [2 * s - 2, 2 * s - 2], [2 * s - 2, 2 * s - 2], [0, 0]]); // full convolution
    const t = tf.tensor4d(tent(s), [2 * s - 1, 2 * s - 1, 1, 1]);
    const out = tf.conv2d(padded, t, 1, 'valid'); // [C, dh + 2s - 2, dw + 2s - 2, 1] (tent is symmetric: correlation = convolution)
    const oh = dh + 2 * s - 2;
    const ow = dw + 2 * s - 2;
    return tf.reshape(tf.transpose(tf.reshape(out, [c, oh, ow]), [1, 2, 0]), [oh, ow, cin, cout]) as tf.Tensor4D;
  });
}
