import type * as tf from '@tensorflow/tfjs-core';
import { ConfigError } from '@rimjs/core';
import type { HostBatch, TensorSpec } from '../dataset.js';
import { IndexedDataset } from '../indexed-dataset.js';
import type { GlyphImages } from './generate-glyphs.js';

/** A glyph batch as tensors. */
export type GlyphBatch = {
  /** `[batch, side, side, 1]` float32 ink in [0, 1] (NHWC, for `tf.conv2d`). */
  readonly images: tf.Tensor4D;
  /** `[batch]` int32 global class ids. */
  readonly labels: tf.Tensor1D;
};

/**
 * Generated glyphs as a {@link Dataset}: images `[batch, side, side, 1]` in [0, 1] and their class
 * ids, ordered as in {@link IndexedDataset} (a seeded permutation per epoch; `evaluationSet()` is
 * the set in stored order, grouped by class).
 *
 * @example
 * const { background } = glyphSplits();
 * const train = new GlyphDataset(background); // 16,000 images of 800 classes
 * for (const { images, labels } of train.batches({ batchSize: 64, seed: 1, steps: 10 })) { ...; tf.dispose([images, labels]); }
 * @throws ConfigError (constructor) when the set is empty.
 */
export class GlyphDataset extends IndexedDataset<'images' | 'labels', GlyphBatch> {
  readonly name: string;
  readonly size: number;
  readonly shapes: { readonly images: TensorSpec; readonly labels: TensorSpec };
  /** The images this dataset reads. */
  readonly glyphs: GlyphImages;

  constructor(glyphs: GlyphImages) {
    super();
    if (glyphs.count < 1) throw new ConfigError(`GlyphDataset: 'glyphs' must hold at least one image, got 0 (${glyphs.source})`);
    this.glyphs = glyphs;
    this.size = glyphs.count;
    this.name = `glyphs-${glyphs.rows}-${glyphs.classes.length}c`;
    this.shapes = {
      images: { dims: [['batch', null], ['rows', glyphs.rows], ['cols', glyphs.cols], ['channels', 1]], dtype: 'float32' },
      labels: { dims: [['batch', null]], dtype: 'int32' },
    };
  }

  /** Image `index` as `[rows * cols]` floats in [0, 1]. */
  image(index: number): Float32Array {
    const n = this.glyphs.rows * this.glyphs.cols;
    return Float32Array.from(this.glyphs.pixels.subarray(index * n, (index + 1) * n), (v) => v / 255);
  }

  protected gather(indices: Int32Array): HostBatch<'images' | 'labels'> {
    const { rows, cols, pixels } = this.glyphs;
    const n = rows * cols;
    const images = new Float32Array(indices.length * n); // [batch, rows, cols, 1]
    const labels = new Int32Array(indices.length); // [batch]
    indices.forEach((k, b) => {
      for (let i = 0; i < n; i++) images[b * n + i] = pixels[k * n + i]! / 255;
      labels[b] = this.glyphs.labels[k]!;
    });
    return {
      images: { data: images, shape: [indices.length, rows, cols, 1], dtype: 'float32' },
      labels: { data: labels, shape: [indices.length], dtype: 'int32' },
    };
  }
}
