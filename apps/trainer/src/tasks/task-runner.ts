import type * as tf from '@tensorflow/tfjs-core';
import type { MemoryCensus } from '../analysis/memory-census.js';
import type { TaskSpec } from '../presets/preset-types.js';

/** A model's evaluation forward pass: inputs -> logits `[time, batch, outputSize]` (no dropout). */
export type Forward = (inputs: tf.Tensor) => tf.Tensor3D;

/** A RIM's evaluation forward pass with its first layer's active masks `[time, batch, units]` (null: no masks). */
export type MaskedForward = (inputs: tf.Tensor) => { logits: tf.Tensor3D; masks: tf.Tensor3D | null };

/** One training batch as tensors; the caller disposes both. */
export interface TrainBatch {
  /** int32 `[time, batch]` tokens or float32 `[time, batch, size]` values. */
  inputs: tf.Tensor;
  /** Copying: int32 `[time, batch]`; adding: float32 `[batch, 1]`; MNIST: int32 `[batch]`. */
  targets: tf.Tensor;
}

/** Which sets {@link TaskRunner.evaluate} scores. */
export type EvalPhase =
  /** During and at the end of training: in distribution and the main test length. */
  | 'train'
  /** `pnpm train eval`: that, plus every out-of-distribution length of the task. */
  | 'ood';

/** One evaluation example for the unit-activity heat map. */
export interface Example {
  /** One sequence: `[time, 1]` tokens or `[time, 1, size]` values (the caller disposes it). */
  inputs: tf.Tensor;
  /** What it is, for a caption: `copying T = 50, test example 0`. */
  caption: string;
}

/**
 * What the trainer needs from a task: deterministic training batches, the training loss, and
 * metrics under stable keys (`<split>.<length>.<metric>`, e.g. `test.T200.ceLast10`). Holds the
 * evaluation sets it made; `dispose()` frees them.
 */
export interface TaskRunner {
  readonly spec: TaskSpec;
  /** The key `pnpm train` prints at the end for every model, e.g. `test.T200.ceLast10`. */
  readonly headline: string;
  /** Batch `step` of the training stream: a pure function of `(step, batchSize, seed)`. */
  trainBatch(step: number, batchSize: number, seed: number): TrainBatch;
  /** The training loss of `logits [time, batch, outputSize]` (differentiable, a scalar). */
  loss(logits: tf.Tensor3D, targets: tf.Tensor): tf.Scalar;
  /**
   * Scores `forward` on the first `size` examples of each set of `phase`, `batch` at a time.
   * @returns metrics by key; numbers, no tensors are left behind.
   */
  evaluate(forward: Forward, options: { phase: EvalPhase; size: number; batch: number }): Record<string, number>;
  /**
   * Copying only: {@link evaluate}'s `ood` metrics and, for a model with masks, the
   * {@link MemoryCensus} at every delay of the `ood` phase (null when the model has no masks),
   * from one forward pass over the first `size` sequences of each set, `batch` at a time.
   */
  evaluateWithCensus?(forward: MaskedForward, options: { size: number; batch: number }): { metrics: Record<string, number>; census: MemoryCensus[] | null };
  /** Example 0 of the training-length (`train`) or main test-length (`test`) evaluation set. */
  example(which: 'train' | 'test'): Example;
  /** Frees the cached evaluation sets. */
  dispose(): void;
}
