import * as tf from '@tensorflow/tfjs-core';
import { clipByGlobalNorm } from '@rimjs/core';
import type { RimEngine, SequenceModel } from '@rimjs/rim';
import type { TaskRunner, TrainBatch } from '../tasks/task-runner.js';

/** What one optimizer step did. */
export interface StepResult {
  /** The batch's training loss before the update. */
  loss: number;
  /** The global gradient norm before clipping (NaN when the loss was not finite). */
  gradNorm: number;
  /** False when the loss or the gradient norm was NaN or infinite: nothing was updated. */
  applied: boolean;
}

/**
 * One training step: loss and gradients of the trainable parameters (`tf.variableGrads`,
 * dropout seeded by `seed`), gradients clipped to global norm `clip` (core's
 * `clipByGlobalNorm`), then `optimizer.applyGradients` in the parameters' creation order. RIM
 * layers run on `engine` (default `fused`). A
 * non-finite loss or norm updates nothing. Leaves no tensors behind.
 */
export function trainStep(
  model: SequenceModel,
  optimizer: tf.Optimizer,
  task: TaskRunner,
  batch: TrainBatch,
  { clip, seed, engine = 'fused' }: { clip: number; seed: number; engine?: RimEngine },
): StepResult {
  const vars = model.params.trainable();
  const { value, grads } = tf.variableGrads(() => task.loss(model.forward(batch.inputs, { training: true, seed, engine }).logits, batch.targets), vars);
  const loss = value.dataSync()[0]!;
  value.dispose();
  const ordered: tf.NamedTensorMap = {};
  for (const v of vars) if (grads[v.name]) ordered[v.name] = grads[v.name]!;
  if (!Number.isFinite(loss)) {
    tf.dispose(Object.values(grads));
    return { loss, gradNorm: Number.NaN, applied: false };
  }
  const clipped = clipByGlobalNorm(ordered, clip);
  tf.dispose(Object.values(grads));
  if (!Number.isFinite(clipped.norm)) {
    tf.dispose(Object.values(clipped.grads));
    return { loss, gradNorm: clipped.norm, applied: false };
  }
  optimizer.applyGradients(clipped.grads);
  tf.dispose(Object.values(clipped.grads));
  return { loss, gradNorm: clipped.norm, applied: true };
}
