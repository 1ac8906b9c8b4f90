import * as tf from '@tensorflow/tfjs-core';
import type { RimEngine, SequenceModel } from '@rimjs/rim';
import type { TaskRunner, TrainBatch } from '../tasks/task-runner.js';
import { shardBatch } from './shard-batch.js';

/** What one shard of a data-parallel step computed. */
export interface ShardGrads {
  /** The shard's loss times its share of the batch. */
  loss: number;
  /** Gradients of the trainable variables in their creation order, times the shard's share. */
  grads: Float32Array[];
}

/**
 * Loss and gradients of sequences `[lo, hi)` of `batch`, each times `(hi - lo) / batchSize`, so
 * that the shards' sums are the whole batch's mean loss and its gradients. Leaves no tensors.
 */
export function shardGrads(
  model: SequenceModel,
  task: TaskRunner,
  batch: TrainBatch,
  range: { lo: number; hi: number; batchSize: number },
  options: { seed: number; engine: RimEngine },
): ShardGrads {
  const vars = model.params.trainable();
  const share = (range.hi - range.lo) / range.batchSize;
  const shard = shardBatch(task.spec.kind, batch, range.lo, range.hi);
  try {
    const { value, grads } = tf.variableGrads(
      () => tf.mul(task.loss(model.forward(shard.inputs, { training: true, seed: options.seed, engine: options.engine }).logits, shard.targets), share) as tf.Scalar,
      vars,
    );
    const loss = value.dataSync()[0]!;
    const out = vars.map((v) => (grads[v.name] ? (grads[v.name]!.dataSync() as Float32Array).slice() : new Float32Array(v.size)));
    tf.dispose([value, ...Object.values(grads)]);
    return { loss, grads: out };
  } finally {
    tf.dispose([shard.inputs, shard.targets]);
  }
}
