import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, ShapeError } from '@rimjs/core';
import { spectralDensityRatio, type SdrResult } from './spectral-density-ratio.js';
import { stretchKernel } from './stretch-kernel.js';
import type { SdrOptions } from './sdr-options.js';

/**
 * A layer described for {@link layerSdr}. `kind` is any string so that a caller can pass what it
 * has; only the two convolution kinds can be analysed.
 * - `conv2d`: kernel `[kh, kw, Cin, Cout]`, `strides` must be 1, any `dilations`.
 * - `conv2dTranspose`: kernel `[kh, kw, Cout, Cin]` (tfjs layout), any `strides`.
 */
export interface LayerSpec {
  readonly kind: 'conv2d' | 'conv2dTranspose' | (string & {});
  readonly kernel?: tf.Tensor;
  readonly strides?: number | readonly [number, number];
  readonly dilations?: number | readonly [number, number];
}

function pair(v: number | readonly [number, number] | undefined): [number, number] {
  if (v === undefined) return [1, 1];
  return typeof v === 'number' ? [v, v] : [v[0], v[1]];
}

/**
 * Inserts `s - 1` zeros after each sample along H and W: the map a stride-s transposed
 * convolution filters. `[batch, H, W, C]` -> `[batch, s H, s W, C]`.
 */
export function zeroInsert(x: tf.Tensor4D, s: number): tf.Tensor4D {
  if (!Number.isInteger(s) || s < 1) throw new ConfigError(`zeroInsert: 's' must be an integer >= 1, got ${s}`);
  if (x.rank !== 4) throw new ShapeError(`zeroInsert: 'x' must be [batch, H, W, C], got [${x.shape.join(', ')}]`);
  if (s === 1) return tf.clone(x);
  const [b, h, w, c] = x.shape;
  return tf.tidy(() => {
    const r = tf.reshape(tf.concat([tf.expandDims(x, 2), tf.zeros([b, h, s - 1, w, c])], 2), [b, h * s, w, c]); // [b, sH, W, C]
    return tf.reshape(tf.concat([tf.expandDims(r, 3), tf.zeros([b, h * s, w, s - 1, c])], 3), [b, h * s, w * s, c]) as tf.Tensor4D;
  });
}

/**
 * The SDR of a described layer against its input, bringing dilated and transposed convolutions
 * to the plain case of {@link spectralDensityRatio}:
 * - a dilated `conv2d` is a `conv2d` with the zero-inserted kernel (`stretchKernel(k, d)`);
 * - a stride-s `conv2dTranspose` filters the zero-inserted input (which carries the spectral
 *   images of the input) with its kernel, channels swapped to `[kh, kw, Cin, Cout]`.
 *
 * @param layer the layer (see {@link LayerSpec})
 * @param input `[batch, H, W, Cin]` what the layer receives
 * @throws ConfigError for a layer that is not a translation-invariant filter of its input on its
 *   own grid: any kind other than conv2d / conv2dTranspose (dense, pooling, ...), a strided
 *   conv2d (its subsampling aliases the output, so `S_out = |h|^2 S_in` fails), non-square
 *   strides or dilations that are not positive integers; ShapeError for a missing or mis-shaped kernel.
 * @example
 * const r = layerSdr({ kind: 'conv2dTranspose', kernel: k, strides: 2 }, x);
 */
export function layerSdr(layer: LayerSpec, input: tf.Tensor4D, options: SdrOptions = {}): SdrResult {
  const { kind, kernel } = layer;
  if (kind !== 'conv2d' && kind !== 'conv2dTranspose') {
    throw new ConfigError(
      `layerSdr: cannot analyse a '${kind}' layer: the SDR needs a translation-invariant filter of its input (conv2d with strides 1 and any dilation, or conv2dTranspose)`,
    );
  }
  if (!kernel || kernel.rank !== 4) {
    throw new ShapeError(`layerSdr: '${kind}' kernel must be a rank-4 tensor [kh, kw, ${kind === 'conv2d' ? 'Cin, Cout' : 'Cout, Cin'}], got ${kernel ? `[${kernel.shape.join(', ')}]` : 'none'}`);
  }
  const strides = pair(layer.strides);
  const dilations = pair(layer.dilations);
  const bad = [...strides, ...dilations].some((d) => !Number.isInteger(d) || d < 1);
  if (bad || strides[0] !== strides[1] || dilations[0] !== dilations[1]) {
    throw new ConfigError(`layerSdr: strides and dilations must be equal positive integers on both axes, got strides [${strides.join(', ')}], dilations [${dilations.join(', ')}]`);
  }
  if (kind === 'conv2d') {
    if (strides[0] !== 1) {
      throw new ConfigError(`layerSdr: cannot analyse a conv2d with strides ${strides[0]}: its subsampling aliases the output spectrum, so the SDR's identity S_out = |h|^2 S_in fails (analyse it at strides 1)`);
    }
    if (dilations[0] === 1) return spectralDensityRatio(input, kernel as tf.Tensor4D, options);
    return tf.tidy(() => {
      const k = stretchKernel(kernel as tf.Tensor4D, dilations[0], 'dilate');
      return spectralDensityRatio(input, k, options);
    });
  }
  if (dilations[0] !== 1) throw new ConfigError(`layerSdr: a dilated conv2dTranspose is not supported, got dilations [${dilations.join(', ')}]`);
  return tf.tidy(() => {
    const k = tf.transpose(kernel, [0, 1, 3, 2]) as tf.Tensor4D; // [kh, kw, Cin, Cout]
    const x = zeroInsert(input, strides[0]); // [batch, sH, sW, Cin]
    return spectralDensityRatio(x, k, options);
  });
}
