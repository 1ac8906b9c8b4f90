import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@rimjs/core';
import { independencePenalty } from '@rimjs/independence';
import type { ImageSet } from './data.js';
import type { Classifier } from './classifier.js';
import type { ConvVae } from './vae.js';

/** The seeded minibatch of step `step`: images `[batch, 28, 28, 1]` and labels `[batch]`. */
export function minibatch(set: ImageSet, batch: number, seed: number, step: number): { x: tf.Tensor4D; y: Int32Array } {
  const rng = new Rng(seed).child(`batch-${step}`);
  const pixels = new Float32Array(batch * 784);
  const y = new Int32Array(batch);
  for (let i = 0; i < batch; i++) {
    const k = rng.int(set.count);
    pixels.set(set.pixels.subarray(k * 784, (k + 1) * 784), i * 784);
    y[i] = set.labels[k]!;
  }
  return { x: tf.tensor4d(pixels, [batch, 28, 28, 1]), y };
}

/**
 * The VAE's negative ELBO per image (Bernoulli likelihood from logits, Gaussian KL) plus
 * `lambda` times the independence penalty of the three decoder convs, estimated on the first
 * `penaltySamples` of the batch. Returns the total and its parts.
 */
export function vaeLoss(vae: ConvVae, x: tf.Tensor4D, noiseSeed: number, lambda: number, penaltySamples: number): { total: tf.Scalar; nelbo: tf.Scalar; penalty: tf.Scalar } {
  const { mu, logvar } = vae.encode(x);
  const z = tf.add(mu, tf.mul(tf.exp(tf.mul(logvar, 0.5)), tf.randomNormal(mu.shape, 0, 1, 'float32', noiseSeed))) as tf.Tensor2D; // [b, latent]
  const { logits, convs } = vae.decodeLogits(z);
  // sigmoid cross-entropy from logits: relu(l) - l x + log(1 + exp(-|l|))
  const bce = tf.add(tf.sub(tf.relu(logits), tf.mul(logits, x)), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
  const kl = tf.mul(-0.5, tf.sum(tf.sub(tf.sub(tf.add(1, logvar), tf.square(mu)), tf.exp(logvar)), 1)); // [b]
  const nelbo = tf.mean(tf.add(tf.sum(bce, [1, 2, 3]), kl)) as tf.Scalar;
  const n = Math.min(penaltySamples, x.shape[0]);
  const penalty = lambda > 0 ? independencePenalty(convs.map((c) => ({ input: tf.slice(c.input, 0, n), kernel: c.kernel }))) : tf.scalar(0);
  return { total: tf.add(nelbo, tf.mul(lambda, penalty)) as tf.Scalar, nelbo, penalty };
}

/** Softmax cross-entropy of the classifier on a batch. */
export function classifierLoss(c: Classifier, x: tf.Tensor4D, y: Int32Array): tf.Scalar {
  const { logits } = c.forward(x);
  return tf.losses.softmaxCrossEntropy(tf.oneHot(tf.tensor1d(y, 'int32'), 10), logits) as tf.Scalar;
}
