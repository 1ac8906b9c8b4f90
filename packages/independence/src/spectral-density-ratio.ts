import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, ShapeError, stopGradient } from '@rimjs/core';
import { powerSpectrum2d } from './dft-2d.js';
import { nextPow2 } from './internal/dft-matrix.js';
import { resolveSdrOptions, type SdrOptions } from './sdr-options.js';

/** What {@link spectralDensityRatio} returns (all tensors owned by the caller: dispose them). */
export type SdrResult = {
  /** `[Cin, Cout]` rho_ij = <G_ij P_i> / (<G_ij> <P_i>) per (input channel, output channel) pair. */
  pairs: tf.Tensor2D;
  /** `[Cout]` layer form rho_j = <sum_i G_ij P_i> / sum_i <G_ij> <P_i> over live input channels (NaN if none lives). */
  perOutput: tf.Tensor1D;
  /** `[Cin, Cout]` <G_ij>: the filter's mean squared frequency response (its energy, DC excluded). */
  energy: tf.Tensor2D;
  /** `[Cin]` 1 for a live input channel, 0 for a dead one (whose pairs are set to rho = 1). */
  alive: tf.Tensor1D;
};

const EPS = 1e-12;

function hann(n: number): Float32Array {
  const w = new Float32Array(n);
  for (let i = 0; i < n; i++) w[i] = Math.sin((Math.PI * (i + 1)) / (n + 1)) ** 2;
  return w;
}

/**
 * The spectral density ratio (SDR) of a convolution layer against the input it reads, the
 * independence-of-mechanisms measure of Besserve et al. (arXiv 2004.00184; the 1-D SDR of
 * Shajarisales et al., ICML 2015) carried to 2-D multi-channel convolutions as this package's
 * README documents (the paper's exact multi-channel form could not be read):
 *
 * 1. each input map `x_{b,i}` `[H, W]` is detrended (mean removed) and Hann-tapered;
 * 2. `P_i(u, v) = mean_b |DFT_N(x_{b,i})|^2`, the input power spectrum of channel i over the batch;
 * 3. `G_ij(u, v) = |DFT_N(K[:, :, i, j])|^2`, the filter's response from its zero-padded kernel;
 * 4. `rho_ij = <G_ij P_i> / (<G_ij> <P_i>)`, `<.>` the mean over the N_h x N_w frequency grid
 *    without the DC bin.
 *
 * rho = 1: the filter is generic with respect to its input's spectrum (independent mechanisms);
 * rho > 1: it boosts the frequencies where its input is strong; rho < 1: where it is weak.
 * Every step is a batched matMul ({@link dft2d}), so it runs on every backend and carries
 * gradients to the kernel and (unless `gradient: 'filter-only'`) to the input.
 *
 * @param input `[batch, H, W, Cin]` what the convolution reads (after any upsampling)
 * @param kernel `[kh, kw, Cin, Cout]` its kernel, tfjs `conv2d` layout, stride 1, no dilation
 *   (see {@link layerSdr} for dilated and transposed convolutions)
 * @returns pairs `[Cin, Cout]`, perOutput `[Cout]`, energy `[Cin, Cout]`, alive `[Cin]`
 * @throws ShapeError for ranks or channel counts that do not fit; ConfigError for bad options.
 * @example
 * const r = spectralDensityRatio(x, kernel); // x [16, 14, 14, 32], kernel [3, 3, 32, 16]
 * r.pairs.print(); // [32, 16]
 */
export function spectralDensityRatio(input: tf.Tensor4D, kernel: tf.Tensor4D, options: SdrOptions = {}): SdrResult {
  const o = resolveSdrOptions(options);
  if (input.rank !== 4) throw new ShapeError(`spectralDensityRatio: 'input' must be [batch, H, W, Cin], got [${input.shape.join(', ')}]`);
  if (kernel.rank !== 4) throw new ShapeError(`spectralDensityRatio: 'kernel' must be [kh, kw, Cin, Cout], got [${kernel.shape.join(', ')}]`);
  const [batch, h, w, cin] = input.shape;
  const [kh, kw, kin, cout] = kernel.shape;
  if (kin !== cin) {
    throw new ShapeError(`spectralDensityRatio: 'kernel' must be [kh, kw, Cin, Cout] with Cin = ${cin} (the input's channels), got [${kernel.shape.join(', ')}]`);
  }
  const size: readonly [number, number] = o.size ?? [nextPow2(h + kh - 1), nextPow2(w + kw - 1)];
  if (size[0] < h + kh - 1 || size[1] < w + kw - 1) {
    throw new ConfigError(`spectralDensityRatio.size: must be at least [H + kh - 1, W + kw - 1] = [${h + kh - 1}, ${w + kw - 1}] (no circular aliasing), got [${size.join(', ')}]`);
  }
  const freqs = size[0] * size[1];
  const result = tf.tidy(() => {
    const mask = tf.tensor1d(Array.from({ length: freqs }, (_, f) => (f === 0 ? 0 : 1))); // [F], no DC
    const used = freqs - 1;
    // input power spectrum per channel, averaged over the batch
    let maps = tf.reshape(tf.transpose(input, [0, 3, 1, 2]), [batch * cin, h, w]) as tf.Tensor3D; // [batch * Cin, H, W]
    if (o.detrend) maps = tf.sub(maps, tf.mean(maps, [1, 2], true));
    const variance = tf.mean(tf.reshape(tf.mean(tf.square(maps), [1, 2]), [batch, cin]), 0); // [Cin]
    const alive = tf.step(tf.sub(variance, o.deadVariance)) as tf.Tensor1D; // [Cin], 1 / 0 (tf.step has a zero gradient; tf.greater has none)
    if (o.window === 'hann') maps = tf.mul(maps, tf.outerProduct(hann(h), hann(w)));
    const psd = tf.reshape(powerSpectrum2d(maps, size), [batch, cin, freqs]); // [batch, Cin, F]
    let p = tf.mean(psd, 0) as tf.Tensor2D; // [Cin, F]
    const live = tf.reshape(alive, [cin, 1]);
    p = tf.mul(tf.add(tf.mul(p, live), tf.sub(1, live)), mask) as tf.Tensor2D; // a dead channel counts as white
    if (o.gradient === 'filter-only') p = stopGradient(p);
    // filter response per pair from the zero-padded kernel
    const slices = tf.reshape(tf.transpose(kernel, [2, 3, 0, 1]), [cin * cout, kh, kw]) as tf.Tensor3D; // [Cin * Cout, kh, kw]
    const g = tf.mul(tf.reshape(powerSpectrum2d(slices, size), [cin, cout, freqs]), mask); // [Cin, Cout, F]
    const sGP = tf.reshape(tf.matMul(g, tf.reshape(p, [cin, freqs, 1])), [cin, cout]); // [Cin, Cout]
    const sG = tf.sum(g, -1); // [Cin, Cout]
    const sP = tf.reshape(tf.sum(p, -1), [cin, 1]); // [Cin, 1]
    const pairs = tf.div(tf.add(tf.mul(sGP, used), EPS), tf.add(tf.mul(sG, sP), EPS)) as tf.Tensor2D; // [Cin, Cout]
    const a = tf.reshape(alive, [cin, 1]);
    const perOutput = tf.div(tf.mul(tf.sum(tf.mul(sGP, a), 0), used), tf.sum(tf.mul(tf.mul(sG, sP), a), 0)) as tf.Tensor1D; // [Cout]
    const energy = tf.div(sG, used) as tf.Tensor2D; // [Cin, Cout]
    return { pairs, perOutput, energy, alive };
  });
  return result;
}
