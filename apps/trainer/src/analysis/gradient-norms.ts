import * as tf from '@tensorflow/tfjs-core';
import type { RimEngine, SequenceModel } from '@rimjs/rim';
import type { TaskRunner, TrainBatch } from '../tasks/task-runner.js';
import { batchGradients } from '../train/batch-gradients.js';

/** The loss and gradient norms of one batch. */
export interface GradientNorms {
  loss: number;
  /** The global norm of every trainable parameter's gradient (what the trainer clips and logs as `gradNorm`). */
  norm: number;
  /** Each trainable parameter's gradient norm, largest first. */
  parameters: Array<{ name: string; norm: number }>;
}

/** {@link gradientNorms} of the whole model, then with each group of parameters zeroed. */
export interface GradientReport extends GradientNorms {
  /** Per group: the loss and global norm with the group's parameters set to 0 (that part switched off). */
  switchedOff: Array<{ group: string; loss: number; norm: number }>;
}

/**
 * The default groups to switch off: each RIM layer's input attention, unit cells and
 * communication (`rim.layer0.communication`, ...), in the order the parameters were made. A RIM
 * with its communication zeroed adds nothing to the units' states (its value and output weights
 * are 0); other models have no groups.
 */
export function defaultGroups(names: readonly string[]): string[] {
  const groups = names.flatMap((n) => /^(rim\.(?:backward\.)?layer\d+\.(?:inputAttention|cell|communication))\./.exec(n)?.[1] ?? []);
  return [...new Set(groups)];
}

/** The trainable parameters in `group`: its name, or every name under `group.`. */
export function groupMembers(model: SequenceModel, group: string): Array<[string, tf.Variable]> {
  const trainable = new Set(model.params.trainable());
  return model.params.entries().filter(([n, v]) => trainable.has(v) && (n === group || n.startsWith(`${group}.`)));
}

/**
 * The training loss of `batch` and its gradient norms, from the training step's own
 * `batchGradients` (a parameter without a gradient counts 0), without changing the model. Leaves
 * no tensors.
 */
export function gradientNorms(model: SequenceModel, task: TaskRunner, batch: TrainBatch, options: { seed: number; engine?: RimEngine }): GradientNorms {
  const vars = model.params.trainable();
  const names = new Map(model.params.entries().map(([n, v]) => [v, n]));
  const { loss, grads } = batchGradients(model, task, batch, options);
  try {
    const squares = tf.tidy(() => vars.map((v) => (grads[v.name] ? tf.sum(tf.square(grads[v.name]!)) : tf.scalar(0))));
    const sq = squares.map((s) => s.dataSync()[0]!);
    tf.dispose(squares);
    const parameters = vars.map((v, i) => ({ name: names.get(v)!, norm: Math.sqrt(sq[i]!) })).sort((a, b) => b.norm - a.norm);
    return { loss, norm: Math.sqrt(sq.reduce((a, b) => a + b, 0)), parameters };
  } finally {
    tf.dispose(Object.values(grads));
  }
}

/**
 * {@link gradientNorms} of the model, then again with each of `groups` switched off (its
 * parameters zeroed, then restored): where a gradient explodes, the group whose removal brings
 * the norm down is the path it explodes through. The model's weights are as before afterwards.
 * Leaves no tensors.
 */
export function gradientReport(model: SequenceModel, task: TaskRunner, batch: TrainBatch, groups: readonly string[], options: { seed: number; engine?: RimEngine }): GradientReport {
  const full = gradientNorms(model, task, batch, options);
  const switchedOff = groups.map((group) => {
    const members = groupMembers(model, group).map(([, v]) => v);
    const saved = members.map((v) => tf.clone(v));
    try {
      for (const v of members) tf.tidy(() => v.assign(tf.zerosLike(v)));
      const { loss, norm } = gradientNorms(model, task, batch, options);
      return { group, loss, norm };
    } finally {
      members.forEach((v, i) => v.assign(saved[i]!));
      tf.dispose(saved);
    }
  });
  return { ...full, switchedOff };
}
