import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, Rng } from '@rimjs/core';

/** Options every dropout site of this package reads. */
export interface DropoutOptions {
  /** Whether dropout is active. Default `false` (inference). */
  training?: boolean;
  /** A non-zero integer seed; required when `training` and a rate is > 0. */
  seed?: number;
}

/**
 * A distinct, non-zero sub-seed of `seed` for one dropout site, so two sites fed the same
 * seed draw different masks.
 */
export function subSeed(seed: number, label: string): number {
  return new Rng(seed).child(label).seed();
}

/**
 * Inverted dropout (`x * keep / (1 - rate)`), only in training. Without a seed in training it
 * throws: every random draw of rimjs is seeded.
 *
 * @throws ConfigError when training with `rate > 0` and no `seed`.
 */
export function dropout<T extends tf.Tensor>(
  where: string,
  x: T,
  rate: number,
  { training = false, seed }: DropoutOptions,
  label: string,
): T {
  if (!training || rate === 0) return x;
  if (seed === undefined) {
    throw new ConfigError(`${where}: 'seed' is required when training with dropout ${rate} > 0`);
  }
  return tf.dropout(x, rate, undefined, subSeed(seed, label)) as T;
}
