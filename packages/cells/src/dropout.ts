import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, Rng } from '@rimjs/core';
import type { StepOptions } from './cell.js';

/**
 * Checks a step's options: `seed`, when given, must be a non-zero integer, and it is required
 * when training with a non-zero dropout rate.
 * @throws ConfigError naming `where` and the field.
 */
export function checkStepOptions(where: string, options: StepOptions, rates: Record<string, number>): void {
  const { training = false, seed } = options;
  if (seed !== undefined && !(Number.isSafeInteger(seed) && seed !== 0)) {
    throw new ConfigError(`${where}: 'options.seed' must be a non-zero integer, got ${JSON.stringify(seed)}`);
  }
  if (training && seed === undefined) {
    const active = Object.entries(rates).filter(([, r]) => r > 0);
    if (active.length > 0) {
      throw new ConfigError(
        `${where}: 'options.seed' must be a non-zero integer when training with ${active
          .map(([k, r]) => `${k} = ${r}`)
          .join(', ')}, got undefined (with unroll, pass options.rng)`,
      );
    }
  }
}

/**
 * `tf.dropout(x, rate)` with the sub-seed `new Rng(seed).child(label).seed()` when training and
 * `rate > 0`; otherwise `x` itself. Call after {@link checkStepOptions}, inside a tidy.
 */
export function stepDropout<T extends tf.Tensor>(x: T, rate: number, options: StepOptions, label: string): T {
  if (!options.training || rate === 0) return x;
  return tf.dropout(x, rate, undefined, new Rng(options.seed!).child(label).seed()) as T;
}
