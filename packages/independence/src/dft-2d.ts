import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, ShapeError } from '@rimjs/core';
import { dftMatrix } from './internal/dft-matrix.js';

/** The 2-D DFT of real maps: real and imaginary parts, each `[maps, sizeH, sizeW]`. */
export interface Dft2d {
  re: tf.Tensor3D;
  im: tf.Tensor3D;
}

function checkArgs(fn: string, x: tf.Tensor, size: readonly [number, number]): void {
  if (x.rank !== 3) throw new ShapeError(`${fn}: 'x' must be [maps, height, width], got [${x.shape.join(', ')}]`);
  const [, h, w] = x.shape as [number, number, number];
  const [nh, nw] = size;
  if (!Number.isInteger(nh) || !Number.isInteger(nw) || nh < h || nw < w) {
    throw new ConfigError(`${fn}: 'size' must be integers [sizeH >= height = ${h}, sizeW >= width = ${w}], got [${size.join(', ')}]`);
  }
}

/**
 * The 2-D discrete Fourier transform of real maps zero-padded to `size`,
 * `X[u, v] = sum_{h, w} x[h, w] exp(-2 pi i (u h / sizeH + v w / sizeW))`, computed as four real
 * matMuls with cos/sin matrices, so it runs on every backend (tfjs 4.22 has no FFT on wasm) and
 * carries gradients (tfjs registers none for FFT).
 *
 * Cost per map: `2 H W sizeW + 4 sizeW H sizeH` multiply-adds (the padding is never materialised:
 * the matrices are `[H, sizeH]` and `[W, sizeW]`), i.e. O(N^3) for an N x N map against O(N^2 log N)
 * for an FFT; at the sizes of a generator's layers (N <= 32) it is one batched matMul per stage.
 *
 * @param x `[maps, height, width]` real maps
 * @param size `[sizeH, sizeW]`, at least `[height, width]`
 * @returns `re`, `im`: `[maps, sizeH, sizeW]` (caller disposes)
 * @throws ShapeError when `x` is not rank 3; ConfigError when `size` is smaller than the maps.
 * @example
 * const { re, im } = dft2d(tf.ones([1, 2, 2]), [4, 4]);
 */
export function dft2d(x: tf.Tensor3D, size: readonly [number, number]): Dft2d {
  checkArgs('dft2d', x, size);
  const [maps, h, w] = x.shape;
  const [nh, nw] = size;
  const [re, im] = tf.tidy(() => {
    const cw = dftMatrix(w, nw);
    const ch = dftMatrix(h, nh);
    const x2 = tf.reshape(x, [maps * h, w]); // [maps * H, W]
    // along width: A = x (Cw - i Sw)
    const aRe = tf.matMul(x2, tf.tensor2d(cw.cos, [w, nw])); // [maps * H, sizeW]
    const aIm = tf.neg(tf.matMul(x2, tf.tensor2d(cw.sin, [w, nw]))); // [maps * H, sizeW]
    const rows = (a: tf.Tensor): tf.Tensor2D =>
      tf.reshape(tf.transpose(tf.reshape(a, [maps, h, nw]), [0, 2, 1]), [maps * nw, h]); // [maps * sizeW, H]
    const bRe = rows(aRe);
    const bIm = rows(aIm);
    const hc = tf.tensor2d(ch.cos, [h, nh]);
    const hs = tf.tensor2d(ch.sin, [h, nh]);
    // along height: (bRe + i bIm)(Ch - i Sh)
    const re2 = tf.add(tf.matMul(bRe, hc), tf.matMul(bIm, hs)); // [maps * sizeW, sizeH]
    const im2 = tf.sub(tf.matMul(bIm, hc), tf.matMul(bRe, hs)); // [maps * sizeW, sizeH]
    const back = (a: tf.Tensor): tf.Tensor3D => tf.transpose(tf.reshape(a, [maps, nw, nh]), [0, 2, 1]); // [maps, sizeH, sizeW]
    return [back(re2), back(im2)];
  });
  return { re, im };
}

/**
 * The power spectrum `|DFT(x)|^2` of real maps zero-padded to `size` (see {@link dft2d} for the
 * transform and its cost). Differentiable on every backend.
 *
 * @param x `[maps, height, width]`
 * @param size `[sizeH, sizeW]`
 * @returns `[maps, sizeH, sizeW]` (caller disposes)
 * @throws as {@link dft2d}
 * @example
 * const p = powerSpectrum2d(tf.randomNormal([8, 7, 7]) as tf.Tensor3D, [16, 16]); // [8, 16, 16]
 */
export function powerSpectrum2d(x: tf.Tensor3D, size: readonly [number, number]): tf.Tensor3D {
  checkArgs('powerSpectrum2d', x, size);
  return tf.tidy(() => {
    const { re, im } = dft2d(x, size);
    return tf.add(tf.square(re), tf.square(im)) as tf.Tensor3D;
  });
}
