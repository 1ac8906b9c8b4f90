import * as tf from '@tensorflow/tfjs-core';
import type { RimEngine, SequenceModel } from '@rimjs/rim';
import type { TaskRunner, TrainBatch } from '../tasks/task-runner.js';

/**
 * The training loss of `batch` and the gradients of the trainable parameters, as a training step
 * computes them (`training: true`, dropout seeded by `seed`, RIM layers on `engine`): `grads`
 * holds the parameters that have a gradient, in their creation order (`vars`). Changes nothing;
 * the caller disposes `grads`.
 */
export function batchGradients(
  model: SequenceModel,
  task: TaskRunner,
  batch: TrainBatch,
  { seed, engine = 'fused' }: { seed: number; engine?: RimEngine },
): { loss: number; vars: tf.Variable[]; grads: tf.NamedTensorMap } {
  const trainable = model.params.trainable();
  const { value, grads } = tf.variableGrads(() => task.loss(model.forward(batch.inputs, { training: true, seed, engine }).logits, batch.targets), trainable);
  const loss = value.dataSync()[0]!;
  value.dispose();
  const vars = trainable.filter((v) => grads[v.name]);
  const ordered: tf.NamedTensorMap = {};
  for (const v of vars) ordered[v.name] = grads[v.name]!;
  return { loss, vars, grads: ordered };
}
