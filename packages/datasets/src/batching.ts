// Private helpers shared by the dataset base classes: option checks and host -> tensor.
import * as tf from '@tensorflow/tfjs-core';
import { ConfigCheck, assertKnownKeys } from '@rimjs/core';
import type { BatchOptions, HostBatch } from './dataset.js';

/** Resolved {@link BatchOptions}. */
export interface ResolvedBatchOptions {
  batchSize: number;
  seed: number | string;
  start: number;
  steps: number;
}

/** Checks `step`, `batchSize` and `seed` of a `batchAt` call. */
export function checkBatchAt(where: string, step: number, batchSize: number, size: number, seed: unknown): void {
  const c = new ConfigCheck(where);
  c.integer('step', step, 0, Number.MAX_SAFE_INTEGER);
  c.integer('batchSize', batchSize, 1, size, 'size');
  checkSeed(c, 'seed', seed);
  c.throwIfAny();
}

/** Checks a seed (a safe integer or a string). */
export function checkSeed(c: ConfigCheck, field: string, seed: unknown): void {
  c.require(
    (typeof seed === 'number' && Number.isSafeInteger(seed)) || typeof seed === 'string',
    field,
    () => `must be a safe integer or a string, got ${JSON.stringify(seed)}`,
  );
}

/** Parses, defaults and validates {@link BatchOptions} against a dataset of `size` examples. */
export function resolveBatchOptions(where: string, options: BatchOptions, size: number): ResolvedBatchOptions {
  assertKnownKeys(where, options, ['batchSize', 'seed', 'start', 'steps']);
  const c = new ConfigCheck(where);
  c.integer('batchSize', options.batchSize, 1, size, 'size');
  checkSeed(c, 'seed', options.seed);
  const start = options.start ?? 0;
  c.integer('start', start, 0, Number.MAX_SAFE_INTEGER);
  const steps = options.steps ?? Math.floor(size / options.batchSize);
  c.require(
    steps === Infinity || (Number.isInteger(steps) && steps >= 0),
    'steps',
    () => `must be a non-negative integer or Infinity, got ${JSON.stringify(options.steps)}`,
  );
  c.throwIfAny();
  return { batchSize: options.batchSize, seed: options.seed, start, steps };
}

/** Turns every host tensor of a batch into a tf tensor (the caller disposes them). */
export function hostToTensors<T>(batch: HostBatch): T {
  return tf.tidy(() => {
    const out: Record<string, tf.Tensor> = {};
    for (const [name, h] of Object.entries(batch)) out[name] = tf.tensor(h.data, [...h.shape], h.dtype);
    return out;
  }) as T;
}
