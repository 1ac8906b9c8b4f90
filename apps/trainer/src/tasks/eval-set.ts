import * as tf from '@tensorflow/tfjs-core';
import type { Forward } from './task-runner.js';

/** A fixed evaluation set: inputs with the batch on axis 1, targets with the batch on `targetAxis`. */
export interface EvalSet {
  /** Key prefix of its metrics, e.g. `test.T200`. */
  name: string;
  /** `[time, size]` or `[time, size, channels]`. */
  inputs: tf.Tensor;
  targets: tf.Tensor;
  targetAxis: number;
  size: number;
}

/** Metrics of one chunk, each a mean over the chunk's examples. */
export type ChunkMetrics = (logits: tf.Tensor3D, targets: tf.Tensor) => Record<string, tf.Scalar>;

/** Examples `[from, from + count)` of `t`, whose batch is on `axis`. */
export function sliceBatch(t: tf.Tensor, axis: number, from: number, count: number): tf.Tensor {
  const begin = t.shape.map((_, i) => (i === axis ? from : 0));
  const size = t.shape.map((d, i) => (i === axis ? count : d));
  return tf.slice(t, begin, size);
}

/**
 * Runs `forward` over the first `size` examples of `set`, `batch` at a time, and averages each
 * metric weighted by chunk size (exact for means over examples). Every chunk runs in `tf.tidy`.
 *
 * @returns `{ '<set.name>.<metric>': value }`.
 */
export function evaluateSet(forward: Forward, set: EvalSet, size: number, batch: number, metrics: ChunkMetrics): Record<string, number> {
  return evaluateChunks(set, size, batch, (x, y) => metrics(forward(x), y));
}

/**
 * {@link evaluateSet} with the whole chunk in the caller's hands: `chunk(x, y, count)` gets
 * examples `[from, from + count)` of the set (inputs `x`, targets `y`) and returns the chunk's
 * metrics (it may also read other outputs of the same forward pass, e.g. a RIM's masks). Every
 * chunk runs in `tf.tidy`.
 *
 * @returns `{ '<set.name>.<metric>': value }`, each the mean over the first `size` examples.
 */
export function evaluateChunks(set: EvalSet, size: number, batch: number, chunk: (x: tf.Tensor, y: tf.Tensor, count: number) => Record<string, tf.Scalar>): Record<string, number> {
  const n = Math.min(size, set.size);
  const sums: Record<string, number> = {};
  for (let from = 0; from < n; from += batch) {
    const count = Math.min(batch, n - from);
    const named = tf.tidy(() => chunk(sliceBatch(set.inputs, 1, from, count), sliceBatch(set.targets, set.targetAxis, from, count), count));
    for (const [key, t] of Object.entries(named)) {
      sums[key] = (sums[key] ?? 0) + t.dataSync()[0]! * count;
      t.dispose();
    }
  }
  return Object.fromEntries(Object.entries(sums).map(([k, v]) => [`${set.name}.${k}`, v / n]));
}

/** Example `index` of a set as a one-sequence batch (`[time, 1, ...]`); the caller disposes it. */
export function exampleOf(set: EvalSet, index = 0): tf.Tensor {
  return sliceBatch(set.inputs, 1, index, 1);
}

/** Logits of the last step: `[time, batch, out]` -> `[batch, out]`. */
export function lastStep(logits: tf.Tensor3D): tf.Tensor2D {
  const [time, batch, out] = logits.shape;
  return tf.reshape(tf.slice(logits, [time - 1, 0, 0], [1, batch, out]), [batch, out]); // [batch, out]
}
