import * as tf from '@tensorflow/tfjs-core';
import type { TaskSpec } from '../presets/preset-types.js';
import type { TrainBatch } from '../tasks/task-runner.js';

/**
 * Sequences `[lo, hi)` of a training batch: the inputs along their batch axis (`[time, batch, ...]`),
 * the targets along theirs (copying `[time, batch]`; adding `[batch, 1]`, MNIST `[batch]`).
 * New tensors, owned by the caller.
 */
export function shardBatch(task: TaskSpec['kind'], batch: TrainBatch, lo: number, hi: number): TrainBatch {
  const along = (t: tf.Tensor, axis: number): tf.Tensor => {
    const begin = t.shape.map((_, i) => (i === axis ? lo : 0));
    const size = t.shape.map((d, i) => (i === axis ? hi - lo : d));
    return tf.slice(t, begin, size);
  };
  return { inputs: along(batch.inputs, 1), targets: along(batch.targets, task === 'copying' ? 1 : 0) };
}
