// Shared helpers of this package's tests.
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@rimjs/core';

/** Assigns every variable a seeded normal value (`N(0, std^2)`, gains around 1) so biases and gains matter. */
export function randomizeWeights(vars: Record<string, tf.Variable>, seed: number, std = 0.5): void {
  const rng = new Rng(seed);
  for (const [name, v] of Object.entries(vars)) {
    tf.tidy(() => {
      const noise = tf.randomNormal(v.shape, 0, std, 'float32', rng.child(name).seed());
      v.assign(name.endsWith('.gain') ? tf.add(noise, 1) : noise);
    });
  }
}

/** A seeded normal tensor. */
export function randn(shape: number[], seed: number, std = 1): tf.Tensor {
  return tf.randomNormal(shape, 0, std, 'float32', seed);
}

/** Max |a - b|. */
export function maxDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}
