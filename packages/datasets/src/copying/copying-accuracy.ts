import * as tf from '@tensorflow/tfjs-core';
import { checkCopyingMetricArgs, type CopyingMetricOptions } from './copying-cross-entropy.js';

/** The result of {@link copyingAccuracy}; the caller disposes the three tensors. */
export type CopyingAccuracy = {
  /** `[lastSteps]`: the fraction of the batch whose argmax equals the target at each scored step. */
  readonly perStep: tf.Tensor1D;
  /** Scalar: per-symbol accuracy, the fraction of all scored `(step, sequence)` pairs right. */
  readonly perSymbol: tf.Scalar;
  /** Scalar: the fraction of sequences right at every scored step. */
  readonly perSequence: tf.Scalar;
};

/**
 * Accuracy of copying predictions (`argmax` over the vocabulary against the target token),
 * over the last `lastSteps` steps (default all). With `{ lastSteps: 10 }` the scored steps are
 * the copied symbols, so `perSymbol` is the per-symbol copy accuracy.
 *
 * @param logits `[time, batch, vocab]` float32 scores.
 * @param targets `[time, batch]` int32 tokens.
 * @throws ShapeError when the shapes disagree or `targets` is not int32.
 * @throws ConfigError when `lastSteps` is not an integer in [1, time].
 * @example
 * const acc = copyingAccuracy(logits, batch.targets, { lastSteps: 10 });
 * console.log(await acc.perSymbol.data()); tf.dispose(acc);
 */
export function copyingAccuracy(
  logits: tf.Tensor3D,
  targets: tf.Tensor2D,
  options: CopyingMetricOptions = {},
): CopyingAccuracy {
  const [time, batch, vocab, from] = checkCopyingMetricArgs('copyingAccuracy', logits, targets, options);
  return tf.tidy(() => {
    const steps = time - from;
    const pred = tf.argMax(tf.slice(logits, [from, 0, 0], [steps, batch, vocab]), -1); // [steps, batch]
    const right = tf.cast(tf.equal(pred, tf.slice(targets, [from, 0], [steps, batch])), 'float32'); // [steps, batch]
    return {
      perStep: tf.mean(right, 1) as tf.Tensor1D,
      perSymbol: tf.mean(right) as tf.Scalar,
      perSequence: tf.mean(tf.min(right, 0)) as tf.Scalar,
    };
  });
}
