import type * as tf from '@tensorflow/tfjs-core';
import { ConfigCheck, ConfigError, assertKnownKeys } from '@rimjs/core';
import type { HostBatch, TensorSpec } from '../dataset.js';
import { IndexedDataset } from '../indexed-dataset.js';
import type { DigitImages } from './digit-images.js';
import { resizeNearest } from './resize-nearest.js';

/** How pixels are fed: `token` int32 ids (0/1) for an embedding, `value` float32 numbers. */
export type PixelMode = 'token' | 'value';

/** Configuration of {@link SequentialMnist}; every field is optional. */
export interface SequentialMnistConfig<M extends PixelMode = PixelMode> {
  /** Side of the resized square image; `time = side * side`. Default 14 (the paper trains at 14, tests at 16, 19, 24). */
  readonly side?: number;
  /** `token` (default): int32 pixels 0/1; `value`: float32 pixels. */
  readonly mode?: M;
  /** Binarize (default true): a pixel is 1 when its grey byte is `> threshold`, else 0. `false` (value mode only) gives `byte / 255`. */
  readonly binarize?: boolean;
  /** The binarization threshold on grey bytes, an integer in [0, 254]. Default 127, i.e. `byte / 255 > 0.5`. */
  readonly threshold?: number;
}

/** The defaults of {@link SequentialMnistConfig}, in one place. */
export const SEQUENTIAL_MNIST_DEFAULTS = { side: 14, mode: 'token', binarize: true, threshold: 127 } as const;

/** A sequential-MNIST batch as tensors. */
export type SequentialMnistBatch<M extends PixelMode = PixelMode> = {
  /** `[time, batch]` int32 pixels 0/1 (token mode) or `[time, batch, 1]` float32 (value mode); `time = side * side`, row-major pixel order. */
  readonly inputs: M extends 'value' ? tf.Tensor3D : tf.Tensor2D;
  /** `[batch]` int32 class labels. */
  readonly labels: tf.Tensor1D;
};

/**
 * Sequential MNIST at a chosen resolution (RIMs paper, resolution generalization): each digit is
 * binarized, nearest-neighbour resized to `side x side` (see {@link resizeNearest}) and fed one
 * pixel per step, row by row: step `t` is pixel `(floor(t / side), t mod side)`.
 * Dimensions: `time = side * side` (196 at 14, 256 at 16, 361 at 19, 576 at 24), `batch`.
 *
 * Examples are ordered as in {@link IndexedDataset} (a seeded permutation per epoch);
 * `evaluationSet()` is the whole set in stored order. `size` is the number of digits given.
 *
 * @example
 * const { train, test } = npmMnistSplits();
 * const train14 = new SequentialMnist(train, { side: 14 });
 * const test24 = new SequentialMnist(test, { side: 24 });
 * const { inputs, labels } = test24.evaluationSet({ size: 100 }); // [576, 100] int32, [100] int32
 * @throws ConfigError (constructor) naming every invalid field.
 */
export class SequentialMnist<M extends PixelMode = 'token'> extends IndexedDataset<'inputs' | 'labels', SequentialMnistBatch<M>> {
  readonly config: { readonly side: number; readonly mode: M; readonly binarize: boolean; readonly threshold: number };
  readonly name: string;
  readonly size: number;
  readonly time: number;
  readonly shapes: { readonly inputs: TensorSpec; readonly labels: TensorSpec };
  /** The digits this dataset reads. */
  readonly digits: DigitImages;
  private readonly sequences: Uint8Array; // [count, time]

  constructor(digits: DigitImages, config: SequentialMnistConfig<M> = {}) {
    super();
    assertKnownKeys('SequentialMnistConfig', config, Object.keys(SEQUENTIAL_MNIST_DEFAULTS));
    const cfg = { ...SEQUENTIAL_MNIST_DEFAULTS, ...config } as { side: number; mode: M; binarize: boolean; threshold: number };
    const c = new ConfigCheck('SequentialMnistConfig');
    c.integer('side', cfg.side, 1, 1024);
    c.oneOf('mode', cfg.mode, ['token', 'value']);
    c.oneOf('binarize', cfg.binarize, [true, false]);
    c.integer('threshold', cfg.threshold, 0, 254);
    c.require(cfg.binarize || cfg.mode === 'value', 'binarize', () => `must be true in token mode (tokens are 0/1), got false`);
    c.throwIfAny();
    if (digits.count < 1) throw new ConfigError(`SequentialMnist: 'digits' must hold at least one image, got 0 (${digits.source})`);
    this.config = cfg;
    this.digits = digits;
    this.size = digits.count;
    this.time = cfg.side * cfg.side;
    this.name = `mnist-${cfg.side}-${cfg.mode}`;
    this.shapes = {
      inputs:
        cfg.mode === 'token'
          ? { dims: [['time', this.time], ['batch', null]], dtype: 'int32' }
          : { dims: [['time', this.time], ['batch', null], ['channels', 1]], dtype: 'float32' },
      labels: { dims: [['batch', null]], dtype: 'int32' },
    };
    const n = digits.rows * digits.cols;
    this.sequences = new Uint8Array(digits.count * this.time);
    for (let k = 0; k < digits.count; k++) {
      const img = resizeNearest(digits.pixels.subarray(k * n, (k + 1) * n), digits.rows, digits.cols, cfg.side);
      if (cfg.binarize) for (let i = 0; i < img.length; i++) img[i] = img[i]! > cfg.threshold ? 1 : 0;
      this.sequences.set(img, k * this.time);
    }
  }

  /** Digit `index` after binarizing and resizing: `[side, side]` bytes, 0/1 (or grey 0..255 without binarizing). */
  image(index: number): Uint8Array {
    return this.sequences.slice(index * this.time, (index + 1) * this.time);
  }

  protected gather(indices: Int32Array): HostBatch<'inputs' | 'labels'> {
    const batch = indices.length;
    const time = this.time;
    const token = this.config.mode === 'token';
    const inputs = token ? new Int32Array(time * batch) : new Float32Array(time * batch); // [time, batch] or [time, batch, 1]
    const div = this.config.binarize ? 1 : 255;
    const labels = new Int32Array(batch); // [batch]
    for (let b = 0; b < batch; b++) {
      const k = indices[b]!;
      const seq = this.sequences.subarray(k * time, (k + 1) * time);
      for (let t = 0; t < time; t++) inputs[t * batch + b] = seq[t]! / div;
      labels[b] = this.digits.labels[k]!;
    }
    return {
      inputs: token
        ? { data: inputs, shape: [time, batch], dtype: 'int32' }
        : { data: inputs, shape: [time, batch, 1], dtype: 'float32' },
      labels: { data: labels, shape: [batch], dtype: 'int32' },
    };
  }
}
