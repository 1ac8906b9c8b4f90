import * as tf from '@tensorflow/tfjs-core';
import { AddingTask } from '@rimjs/datasets';
import type { AddingSpec } from '../presets/preset-types.js';
import { evaluateSet, exampleOf, lastStep, type EvalSet } from './eval-set.js';
import { headlineKey } from './metric-keys.js';
import type { EvalPhase, Example, Forward, TaskRunner, TrainBatch } from './task-runner.js';

/** Mean squared error of the last step's output `[batch, 1]` against `targets [batch, 1]`. */
function mse(logits: tf.Tensor3D, targets: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.square(tf.sub(lastStep(logits), targets))) as tf.Scalar);
}

/**
 * The adding task for the trainer. Loss and metric: the mean squared error of the output at
 * the last step (the official `nn.MSELoss`). Metrics per set `<split>.L<length>.mse`
 * (`train` at the training length, `test` elsewhere); sets are `evaluationSet({ seed: 0 })`.
 */
export class AddingRunner implements TaskRunner {
  readonly spec: AddingSpec;
  readonly headline: string;
  private readonly train: AddingTask;
  private readonly sets = new Map<string, EvalSet>();

  constructor(spec: AddingSpec) {
    this.spec = spec;
    this.train = new AddingTask({ length: spec.trainLength });
    this.headline = headlineKey(spec);
  }

  trainBatch(step: number, batchSize: number, seed: number): TrainBatch {
    const b = this.train.toTensors(this.train.batchAt(step, batchSize, seed));
    return { inputs: b.inputs, targets: b.targets };
  }

  loss(logits: tf.Tensor3D, targets: tf.Tensor): tf.Scalar {
    return mse(logits, targets);
  }

  private set(length: number, size: number): EvalSet {
    const name = `${length === this.spec.trainLength ? 'train' : 'test'}.L${length}`;
    const cached = this.sets.get(name);
    if (cached && cached.size >= size) return cached;
    if (cached) tf.dispose([cached.inputs, cached.targets]);
    const { inputs, targets } = new AddingTask({ length }).evaluationSet({ size, seed: 0 });
    const set = { name, inputs, targets, targetAxis: 0, size };
    this.sets.set(name, set);
    return set;
  }

  evaluate(forward: Forward, { phase, size, batch }: { phase: EvalPhase; size: number; batch: number }): Record<string, number> {
    const lengths = [...new Set([this.spec.trainLength, this.spec.testLength, ...(phase === 'ood' ? this.spec.oodLengths : [])])].sort((a, b) => a - b);
    const metrics = (logits: tf.Tensor3D, targets: tf.Tensor) => ({ mse: mse(logits, targets) });
    return Object.assign({}, ...lengths.map((l) => evaluateSet(forward, this.set(l, size), size, batch, metrics)));
  }

  example(which: 'train' | 'test'): Example {
    const length = which === 'train' ? this.spec.trainLength : this.spec.testLength;
    return { inputs: exampleOf(this.set(length, 1)), caption: `adding length ${length}, evaluation example 0` };
  }

  dispose(): void {
    for (const s of this.sets.values()) tf.dispose([s.inputs, s.targets]);
    this.sets.clear();
  }
}
