import type * as tf from '@tensorflow/tfjs-core';
import { ConfigCheck, Rng } from '@rimjs/core';
import type { BatchOptions, Dataset, EvaluationOptions, HostBatch, TensorSpec } from './dataset.js';
import { checkBatchAt, hostToTensors, resolveBatchOptions } from './batching.js';

/**
 * Base of the datasets of a fixed list of `size` examples (sequential MNIST). A subclass writes
 * `gather(indices)`; this class orders the examples:
 *
 * - an epoch has `floor(size / batchSize)` batches; the last `size mod batchSize` examples of
 *   each epoch's order are left out of it;
 * - epoch `e` of stream `seed` visits the examples in the order
 *   `new Rng(seed).child('epoch:' + e).shuffle([0, 1, ..., size - 1])`;
 * - batch `step` is epoch `floor(step / stepsPerEpoch)`, slot `step mod stepsPerEpoch`, so
 *   `batches({ start })` continues a run exactly, across epochs too;
 * - the evaluation set is the first `size` examples in stored order (no shuffle).
 *
 * @example
 * class Rows extends IndexedDataset<'x', { x: tf.Tensor1D }> {
 *   readonly name = 'rows'; readonly size = 100;
 *   readonly shapes = { x: { dims: [['batch', null]], dtype: 'int32' } } as const;
 *   protected gather(indices: Int32Array) {
 *     return { x: { data: Int32Array.from(indices), shape: [indices.length], dtype: 'int32' } } as const;
 *   }
 * }
 */
export abstract class IndexedDataset<K extends string, T extends { [name in K]: tf.Tensor }>
  implements Dataset<K, T>
{
  abstract readonly name: string;
  abstract readonly size: number;
  abstract readonly shapes: { readonly [name in K]: TensorSpec };
  private cache: { seed: number | string; epoch: number; order: Int32Array } | undefined;

  /** The examples at `indices`, in that order, as host tensors. */
  protected abstract gather(indices: Int32Array): HostBatch<K>;

  /** The order of the examples in epoch `epoch` of stream `seed` (cached for the last epoch asked). */
  epochOrder(seed: number | string, epoch: number): Int32Array {
    const hit = this.cache;
    if (hit && hit.seed === seed && hit.epoch === epoch) return hit.order;
    const order = Int32Array.from(new Rng(seed).child(`epoch:${epoch}`).shuffle(Array.from({ length: this.size }, (_, i) => i)));
    this.cache = { seed, epoch, order };
    return order;
  }

  /**
   * Batch `step` as typed arrays (see the class doc for the order).
   * @throws ConfigError when `step` is not a non-negative integer or `batchSize` not in [1, size].
   */
  batchAt(step: number, batchSize: number, seed: number | string): HostBatch<K> {
    checkBatchAt(`${this.name}.batchAt`, step, batchSize, this.size, seed);
    const perEpoch = Math.floor(this.size / batchSize);
    const epoch = Math.floor(step / perEpoch);
    const slot = step % perEpoch;
    return this.gather(this.epochOrder(seed, epoch).slice(slot * batchSize, (slot + 1) * batchSize));
  }

  /** Host batch to tensors; the caller disposes them. */
  toTensors(batch: HostBatch<K>): T {
    return hostToTensors<T>(batch);
  }

  /**
   * Yields batches `start, start + 1, ...` (default one epoch) as tensors; the consumer disposes
   * each batch.
   * @throws ConfigError on bad options (checked at the first `next()`).
   */
  *batches(options: BatchOptions): Generator<T, void, undefined> {
    const { batchSize, seed, start, steps } = resolveBatchOptions(`${this.name}.batches`, options, this.size);
    for (let i = 0; i < steps; i++) yield this.toTensors(this.batchAt(start + i, batchSize, seed));
  }

  /**
   * The first `size` examples (default all) in stored order, as one batch the caller disposes.
   * @throws ConfigError when `size` is not an integer in [1, size].
   */
  evaluationSet(options: EvaluationOptions = {}): T {
    const size = options.size ?? this.size;
    const c = new ConfigCheck(`${this.name}.evaluationSet`);
    c.integer('size', size, 1, this.size, 'size');
    c.throwIfAny();
    return this.toTensors(this.gather(Int32Array.from({ length: size }, (_, i) => i)));
  }
}
