import type * as tf from '@tensorflow/tfjs-core';
import { ConfigCheck, Rng } from '@rimjs/core';
import type { BatchOptions, Dataset, EvaluationOptions, HostBatch, TensorSpec } from './dataset.js';
import { checkBatchAt, checkSeed, hostToTensors, resolveBatchOptions } from './batching.js';

/**
 * Base of the seeded generators (copying, adding, bouncing balls). A subclass writes
 * `generate(rng, count)`; this class derives every batch from its own generator:
 *
 * - batch `step` of stream `seed` uses `new Rng(seed).child(step)`;
 * - the evaluation set of seed `s` uses `new Rng(s).child('eval')`, a stream no training step uses.
 *
 * `size` is only the epoch length `batches()` uses by default; a generator has no fixed set.
 *
 * @example
 * class Coin extends GeneratedDataset<'x', { x: tf.Tensor1D }> {
 *   readonly name = 'coin'; readonly size = 1000; readonly evaluationSize = 100;
 *   readonly shapes = { x: { dims: [['batch', null]], dtype: 'int32' } } as const;
 *   protected generate(rng: Rng, n: number) {
 *     return { x: { data: Int32Array.from({ length: n }, () => rng.int(2)), shape: [n], dtype: 'int32' } } as const;
 *   }
 * }
 */
export abstract class GeneratedDataset<K extends string, T extends { [name in K]: tf.Tensor }>
  implements Dataset<K, T>
{
  abstract readonly name: string;
  abstract readonly size: number;
  abstract readonly shapes: { readonly [name in K]: TensorSpec };
  /** Examples in {@link GeneratedDataset.evaluationSet} when no size is given. */
  abstract readonly evaluationSize: number;

  /** `count` examples drawn from `rng`, as host tensors. */
  protected abstract generate(rng: Rng, count: number): HostBatch<K>;

  /**
   * Batch `step` as typed arrays: `generate(new Rng(seed).child(step), batchSize)`.
   * @throws ConfigError when `step` is not a non-negative integer, `batchSize` not in [1, size]
   *   or `seed` not a safe integer or string.
   */
  batchAt(step: number, batchSize: number, seed: number | string): HostBatch<K> {
    checkBatchAt(`${this.name}.batchAt`, step, batchSize, this.size, seed);
    return this.generate(new Rng(seed).child(step), batchSize);
  }

  /** Host batch to tensors; the caller disposes them. */
  toTensors(batch: HostBatch<K>): T {
    return hostToTensors<T>(batch);
  }

  /**
   * Yields batches `start, start + 1, ...` (default one epoch, `floor(size / batchSize)`) as
   * tensors. The consumer disposes each batch.
   * @throws ConfigError on bad options (checked at the first `next()`).
   */
  *batches(options: BatchOptions): Generator<T, void, undefined> {
    const { batchSize, seed, start, steps } = resolveBatchOptions(`${this.name}.batches`, options, this.size);
    for (let i = 0; i < steps; i++) yield this.toTensors(this.batchAt(start + i, batchSize, seed));
  }

  /**
   * A fixed evaluation batch of `size` examples (default `evaluationSize`) from seed `seed`
   * (default 0), as tensors the caller disposes.
   * @throws ConfigError when `size` is not a positive integer.
   */
  evaluationSet(options: EvaluationOptions = {}): T {
    const size = options.size ?? this.evaluationSize;
    const seed = options.seed ?? 0;
    const c = new ConfigCheck(`${this.name}.evaluationSet`);
    c.positiveInt('size', size);
    checkSeed(c, 'seed', seed);
    c.throwIfAny();
    return this.toTensors(this.generate(new Rng(seed).child('eval'), size));
  }
}
