import * as tf from '@tensorflow/tfjs-core';
import { clipByGlobalNorm, Rng } from '@rimjs/core';
import { applyWeightDecay } from '@rimjs/runkit';
import type { RimEngine, SequenceModel } from '@rimjs/rim';
import type { GradWorker } from '../parallel/grad-worker-client.js';
import { shardGrads } from '../parallel/shard-grads.js';
import { batchGradients } from './batch-gradients.js';
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
 * `clipByGlobalNorm`), then (with `decay`) AdamW's weight decay at the step's rate, then
 * `optimizer.applyGradients` in the parameters' creation order. RIM layers run on `engine`
 * (default `fused`). A
 * non-finite loss or norm updates nothing. Leaves no tensors behind.
 */
export function trainStep(
  model: SequenceModel,
  optimizer: tf.Optimizer,
  task: TaskRunner,
  batch: TrainBatch,
  { clip, seed, engine = 'fused', decay }: { clip: number; seed: number; engine?: RimEngine; decay?: WeightDecay },
): StepResult {
  const { loss, vars, grads } = batchGradients(model, task, batch, { seed, engine });
  return applyStep(optimizer, loss, grads, clip, vars, decay); // as PyTorch, no decay where no gradient
}

/** AdamW's decoupled weight decay of one step: `weightDecay` at the step's learning rate `lr`. */
export interface WeightDecay {
  lr: number;
  weightDecay: number;
}

/**
 * The end of a training step: gradients clipped to global norm `clip`, then AdamW's decay of
 * `vars` (with `decay`), then Adam, in the parameters' creation order (the order of `grads`);
 * nothing is updated when the loss or the norm is not finite. Disposes `grads`.
 */
function applyStep(optimizer: tf.Optimizer, loss: number, grads: tf.NamedTensorMap, clip: number, vars: tf.Variable[], decay: WeightDecay | undefined): StepResult {
  if (!Number.isFinite(loss)) {
    tf.dispose(Object.values(grads));
    return { loss, gradNorm: Number.NaN, applied: false };
  }
  const clipped = clipByGlobalNorm(grads, clip);
  tf.dispose(Object.values(grads));
  if (!Number.isFinite(clipped.norm)) {
    tf.dispose(Object.values(clipped.grads));
    return { loss, gradNorm: clipped.norm, applied: false };
  }
  if (decay) applyWeightDecay(vars, decay.lr, decay.weightDecay);
  optimizer.applyGradients(clipped.grads);
  tf.dispose(Object.values(clipped.grads));
  return { loss, gradNorm: clipped.norm, applied: true };
}

/**
 * {@link trainStep} over two threads (data parallelism): the worker takes the weights and
 * sequences `[half, batch)` of batch `step`, this thread the first half, each with its own
 * dropout seed (`seed`'s children `shard0`, `shard1`); the shares' losses and gradients are summed
 * (the whole batch's mean) before the same clipping and Adam step. Without dropout it equals
 * `trainStep` to float rounding; with dropout the masks differ from one thread's (each shard draws
 * its own), deterministically.
 */
export async function parallelTrainStep(
  model: SequenceModel,
  optimizer: tf.Optimizer,
  task: TaskRunner,
  batch: TrainBatch,
  worker: GradWorker,
  o: { clip: number; seed: number; engine: RimEngine; step: number; batchSize: number; dataSeed: number; decay?: WeightDecay },
): Promise<StepResult> {
  const vars = model.params.trainable();
  const half = Math.ceil(o.batchSize / 2);
  const seeds = new Rng(o.seed);
  const weights = vars.map((v) => (v.dataSync() as Float32Array).slice()); // own copies: they are transferred, and cpu's dataSync is the variable's own storage
  const remote = worker.grads({ step: o.step, batchSize: o.batchSize, dataSeed: o.dataSeed, dropoutSeed: seeds.child('shard1').seed(), lo: half, hi: o.batchSize, weights });
  const local = shardGrads(model, task, batch, { lo: 0, hi: half, batchSize: o.batchSize }, { seed: seeds.child('shard0').seed(), engine: o.engine });
  const other = await remote;
  const grads: tf.NamedTensorMap = {};
  vars.forEach((v, i) => {
    const sum = local.grads[i]!;
    const add = other.grads[i]!;
    for (let j = 0; j < sum.length; j++) sum[j]! += add[j]!;
    grads[v.name] = tf.tensor(sum, v.shape);
  });
  return applyStep(optimizer, local.loss + other.loss, grads, o.clip, vars, o.decay);
}
