import * as tf from '@tensorflow/tfjs-core';
import { ConfigCheck, ShapeError, assertShape } from '@rimjs/core';

/** Options of {@link copyingCrossEntropy} and {@link copyingAccuracy}. */
export interface CopyingMetricOptions {
  /**
   * Score only the last `lastSteps` steps (an integer in [1, time]). Omitted: all steps (the
   * official code's loss). The paper's metric is `{ lastSteps: 10 }` (the copied symbols).
   */
  readonly lastSteps?: number;
}

/** Checks the metric arguments; returns `[time, batch, vocab, from]` where `from = time - lastSteps`. */
export function checkCopyingMetricArgs(
  where: string,
  logits: tf.Tensor3D,
  targets: tf.Tensor2D,
  options: CopyingMetricOptions,
): [number, number, number, number] {
  const [time, batch, vocab] = assertShape(where, 'logits', logits, [['time', null], ['batch', null], ['vocab', null]]) as [number, number, number];
  assertShape(where, 'targets', targets, [['time', time], ['batch', batch]]);
  if (targets.dtype !== 'int32') {
    throw new ShapeError(`${where}: 'targets' must be int32 tokens in [0, vocab = ${vocab}), got dtype ${targets.dtype}`);
  }
  const lastSteps = options.lastSteps ?? time;
  const c = new ConfigCheck(where);
  c.integer('lastSteps', lastSteps, 1, time, 'time');
  c.throwIfAny();
  return [time, batch, vocab, time - lastSteps];
}

/**
 * Mean cross-entropy of the copying task: `-mean_{t,b} log softmax(logits[t, b])[targets[t, b]]`
 * over the last `lastSteps` steps (default all) and the whole batch, in nats.
 * Differentiable, so it also serves as the training loss.
 *
 * @param logits `[time, batch, vocab]` float32 scores.
 * @param targets `[time, batch]` int32 tokens in `[0, vocab)`.
 * @returns a scalar tensor (the caller disposes it).
 * @throws ShapeError when the shapes disagree or `targets` is not int32.
 * @throws ConfigError when `lastSteps` is not an integer in [1, time].
 * @example
 * const paper = copyingCrossEntropy(logits, batch.targets, { lastSteps: 10 });
 * const official = copyingCrossEntropy(logits, batch.targets);
 */
export function copyingCrossEntropy(
  logits: tf.Tensor3D,
  targets: tf.Tensor2D,
  options: CopyingMetricOptions = {},
): tf.Scalar {
  const [time, batch, vocab, from] = checkCopyingMetricArgs('copyingCrossEntropy', logits, targets, options);
  return tf.tidy(() => {
    const steps = time - from;
    const l = tf.slice(logits, [from, 0, 0], [steps, batch, vocab]); // [steps, batch, vocab]
    const y = tf.oneHot(tf.slice(targets, [from, 0], [steps, batch]), vocab); // [steps, batch, vocab]
    const logp = tf.logSoftmax(l, -1); // [steps, batch, vocab]
    return tf.neg(tf.mean(tf.sum(tf.mul(y, logp), -1))) as tf.Scalar;
  });
}
