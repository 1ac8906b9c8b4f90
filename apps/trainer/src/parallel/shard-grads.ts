import * as tf from '@tensorflow/tfjs-core';
import type { RimEngine, SequenceModel } from '@rimjs/rim';
import type { TaskRunner, TrainBatch } from '../tasks/task-runner.js';
import { batchGradients } from '../train/batch-gradients.js';
import { shardBatch } from './shard-batch.js';

/** What one shard of a data-parallel step computed. */
export interface ShardGrads {
  /** The shard's loss times its share of the batch. */
  loss: number;
  /** Gradients of the trainable variables in their creation order, times the shard's share. */
  grads: Float32Array[];
}

/**
 * Loss and gradients of sequences `[lo, hi)` of `batch` (the training step's `batchGradients`
 * on the shard), each times `(hi - lo) / batchSize`, so that the shards' sums are the whole
 * batch's mean loss and its gradients; a parameter without a gradient gets zeros. Leaves no
 * tensors. (Scaling after the backward pass equals scaling the loss before it exactly when the
 * share is a power of two, as for the even split of an even batch.)
 */
export function shardGrads(
  model: SequenceModel,
  task: TaskRunner,
  batch: TrainBatch,
  range: { lo: number; hi: number; batchSize: number },
  options: { seed: number; engine: RimEngine },
): ShardGrads {
  const share = (range.hi - range.lo) / range.batchSize;
  const shard = shardBatch(task.spec.kind, batch, range.lo, range.hi);
  try {
    const { loss, grads } = batchGradients(model, task, shard, options);
    const out = model.params.trainable().map((v) => {
      const g = grads[v.name];
      return g ? (g.dataSync() as Float32Array).map((x) => x * share) : new Float32Array(v.size);
    });
    tf.dispose(Object.values(grads));
    return { loss: loss * share, grads: out };
  } finally {
    tf.dispose([shard.inputs, shard.targets]);
  }
}
