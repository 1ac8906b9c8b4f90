import type * as tf from '@tensorflow/tfjs-core';
import type { Dim } from '@rimjs/core';

/** The dtypes a dataset tensor can have. */
export type HostDtype = 'int32' | 'float32';

/**
 * One tensor of a batch as plain JS data: a typed array in row-major order and its shape.
 * `int32` data is an `Int32Array`, `float32` data a `Float32Array`.
 */
export interface HostTensor {
  readonly data: Int32Array | Float32Array;
  readonly shape: readonly number[];
  readonly dtype: HostDtype;
}

/** A batch as plain JS data, one {@link HostTensor} per name. */
export type HostBatch<K extends string = string> = { readonly [name in K]: HostTensor };

/**
 * What a batch tensor looks like: named dimensions (the batch dimension has size `null`) and
 * its dtype. `dims` is in the form `assertShape` from `@rimjs/core` takes, so a consumer can
 * check a tensor against it.
 */
export interface TensorSpec {
  readonly dims: readonly Dim[];
  readonly dtype: HostDtype;
}

/** Options of {@link Dataset.batches}. */
export interface BatchOptions {
  /** Examples per batch, a positive integer. */
  readonly batchSize: number;
  /** The seed of the batch stream; batch `step` is a pure function of `(seed, step, batchSize)`. */
  readonly seed: number | string;
  /** The first step to yield (default 0): pass the step to resume from to continue exactly. */
  readonly start?: number;
  /**
   * How many batches to yield (default: one epoch, `floor(size / batchSize)`). `Infinity` gives an
   * endless stream.
   */
  readonly steps?: number;
}

/** Options of {@link Dataset.evaluationSet}. */
export interface EvaluationOptions {
  /** How many examples (default: the dataset's documented evaluation size). */
  readonly size?: number;
  /** For generated datasets, the seed of the set (default 0); file-backed sets ignore it. */
  readonly seed?: number | string;
}

/**
 * The common interface of every rimjs dataset.
 *
 * - {@link Dataset.batchAt} is the plain-JS layer: batch `step` as typed arrays, a pure function
 *   of `(step, batchSize, seed)`, so a trainer can resume exactly from a saved step.
 * - {@link Dataset.batches} yields the same batches as tensors. **The consumer disposes** each
 *   yielded batch (`tf.dispose(batch)`); the iterator keeps no tensor of its own, so breaking
 *   out of the loop leaks nothing.
 * - {@link Dataset.evaluationSet} returns one fixed batch for evaluation; the caller disposes it.
 *
 * @example
 * for (const batch of ds.batches({ batchSize: 32, seed: 1 })) {
 *   // ... train on batch.inputs ...
 *   tf.dispose(batch);
 * }
 */
export interface Dataset<K extends string, T extends { [name in K]: tf.Tensor }> {
  /** A short name, e.g. `copying-T50`, `mnist-14-token`, `balls678-64`. */
  readonly name: string;
  /** Examples in one epoch (for generators, the configured epoch size). */
  readonly size: number;
  /** Shape and dtype of each batch tensor. */
  readonly shapes: { readonly [name in K]: TensorSpec };
  /** Batch `step` as typed arrays (deterministic in `(step, batchSize, seed)`). */
  batchAt(step: number, batchSize: number, seed: number | string): HostBatch<K>;
  /** Turns a host batch into tensors (the caller disposes them). */
  toTensors(batch: HostBatch<K>): T;
  /** Yields batches `start, start + 1, ...` as tensors; the consumer disposes each one. */
  batches(options: BatchOptions): Generator<T, void, undefined>;
  /** A fixed evaluation batch as tensors; the caller disposes it. */
  evaluationSet(options?: EvaluationOptions): T;
}
