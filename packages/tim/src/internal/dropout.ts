import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@rimjs/core';

/**
 * A distinct, non-zero sub-seed of `seed` for one dropout site or one layer, so two sites fed
 * the same seed draw different masks (tfjs treats 0 as "no seed").
 */
export function subSeed(seed: number, label: string): number {
  return new Rng(seed).child(label).seed();
}

/**
 * Inverted dropout (`x * keep / (1 - rate)`) when `training` and `rate > 0`, else `x` itself.
 * The caller has checked that a seed exists when it is needed (see `checkForwardOptions`).
 */
export function dropout<T extends tf.Tensor>(x: T, rate: number, training: boolean, seed: number | undefined, label: string): T {
  if (!training || rate === 0) return x;
  return tf.dropout(x, rate, undefined, subSeed(seed!, label)) as T;
}
