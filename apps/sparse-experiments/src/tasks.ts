import * as tf from '@tensorflow/tfjs-core';
import { type CharCorpus, SequentialMnist, npmMnistSplits } from '@rimjs/datasets';
import type { Preset } from './presets.js';
import type { SparseRnn } from './model.js';

/** What the trainer needs of a task. */
export interface Task {
  readonly outputs: number;
  /** The training loss of batch `step` (a scalar inside the caller's tidy). */
  loss(model: SparseRnn, step: number, seed: number): tf.Scalar;
  /** The test metric: bits per character (kjv) or accuracy (mnist). */
  evaluate(model: SparseRnn): { metric: string; value: number };
  /** A `[time, batch, inputSize]` input for timing inference. */
  sampleInput(model: SparseRnn, batch: number): tf.Tensor3D;
}

/** KJV character LM: cross entropy over every position; metric bits per character on the test split. */
export function kjvTask(preset: Preset, corpus: CharCorpus): Task {
  const lossOf = (model: SparseRnn, inputs: Int32Array, targets: Int32Array, shape: readonly [number, number]) => {
    const [batch, time] = shape;
    const hs = model.run(model.embed(tf.tensor2d(inputs, [batch, time], 'int32'))); // [time, batch, hidden]
    const logits = model.head(tf.reshape(hs, [time * batch, model.spec.hidden])); // [time*batch, vocab]
    const y = tf.reshape(tf.transpose(tf.tensor2d(targets, [batch, time], 'int32')), [time * batch]); // time-major like logits
    return tf.losses.softmaxCrossEntropy(tf.oneHot(y as tf.Tensor1D, corpus.vocabSize), logits) as tf.Scalar;
  };
  return {
    outputs: corpus.vocabSize,
    loss(model, step, seed) {
      const b = corpus.batchAt('train', step, preset.batch, preset.seqLen, seed);
      return lossOf(model, b.inputs, b.targets, b.shape);
    },
    evaluate(model) {
      const w = corpus.windows('test', preset.evalSeqLen, preset.evalWindows);
      const nats = tf.tidy(() => lossOf(model, w.inputs, w.targets, w.shape).dataSync()[0]!);
      return { metric: 'bpc', value: nats / Math.LN2 };
    },
    sampleInput(model, batch) {
      return tf.tidy(() => model.embed(tf.zeros([batch, 1], 'int32') as tf.Tensor2D));
    },
  };
}

/** Row-by-row sequential MNIST: `[batch, 784]` pixels as 28 steps of 28, padded to `inputSize`. */
export function mnistTask(preset: Preset): Task {
  const { train, test } = npmMnistSplits();
  const trainSet = new SequentialMnist(train, { side: 28, mode: 'value', binarize: false });
  const testSet = new SequentialMnist(test, { side: 28, mode: 'value', binarize: false });
  const rows = (inputs: tf.Tensor3D): tf.Tensor3D =>
    tf.tidy(() => {
      const batch = inputs.shape[1];
      const r = tf.transpose(tf.reshape(inputs, [28, 28, batch]), [0, 2, 1]); // [28 rows, batch, 28 pixels]
      return tf.pad(r, [[0, 0], [0, 0], [0, preset.inputSize - 28]]) as tf.Tensor3D; // [28, batch, inputSize]
    });
  const logitsOf = (model: SparseRnn, inputs: tf.Tensor3D) => {
    const hs = model.run(rows(inputs)); // [28, batch, hidden]
    return model.head(tf.squeeze(tf.slice(hs, [27, 0, 0], [1, -1, -1]), [0]) as tf.Tensor2D); // [batch, 10]
  };
  return {
    outputs: 10,
    loss(model, step, seed) {
      const b = trainSet.toTensors(trainSet.batchAt(step, preset.batch, seed));
      const loss = tf.losses.softmaxCrossEntropy(tf.oneHot(b.labels, 10), logitsOf(model, b.inputs)) as tf.Scalar;
      return loss;
    },
    evaluate(model) {
      const acc = tf.tidy(() => {
        const { inputs, labels } = testSet.evaluationSet({ size: preset.evalWindows });
        const pred = tf.argMax(logitsOf(model, inputs), 1);
        return tf.mean(tf.cast(tf.equal(pred, labels), 'float32')).dataSync()[0]!;
      });
      return { metric: 'accuracy', value: acc };
    },
    sampleInput(_model, batch) {
      return tf.zeros([1, batch, preset.inputSize]) as tf.Tensor3D;
    },
  };
}
