import * as tf from '@tensorflow/tfjs-core';
import { assertSameShape } from '@rimjs/core';

/**
 * Binary cross-entropy of pixel logits against pixels in [0, 1], averaged over every pixel, frame
 * and sequence: the training loss (`max(l, 0) - l y + log(1 + exp(-|l|))`, stable for any logit).
 * @param logits `[time, batch, pixels]`
 * @param targets `[time, batch, pixels]`
 * @throws ShapeError when the shapes differ.
 */
export function bceWithLogits(logits: tf.Tensor3D, targets: tf.Tensor3D): tf.Scalar {
  assertSameShape('bceWithLogits', ['logits', logits], ['targets', targets]);
  return tf.tidy(() => tf.mean(tf.add(tf.sub(tf.relu(logits), tf.mul(logits, targets)), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))))) as tf.Scalar);
}

/**
 * Binary cross-entropy per frame, the paper's curve: summed over a frame's pixels, averaged over
 * the batch, for each step (nats per frame). Probabilities are clipped to [1e-7, 1 - 1e-7].
 * @param probs `[time, batch, pixels]` predicted probabilities of the next frames
 * @param targets `[time, batch, pixels]`
 * @returns `[time]`
 */
export function bcePerFrame(probs: tf.Tensor3D, targets: tf.Tensor3D): tf.Tensor1D {
  assertSameShape('bcePerFrame', ['probs', probs], ['targets', targets]);
  return tf.tidy(() => {
    const p = tf.clipByValue(probs, 1e-7, 1 - 1e-7);
    const ll = tf.add(tf.mul(targets, tf.log(p)), tf.mul(tf.sub(1, targets), tf.log(tf.sub(1, p)))); // [time, batch, pixels]
    return tf.neg(tf.mean(tf.sum(ll, 2), 1)) as tf.Tensor1D;
  });
}
