import * as tf from '@tensorflow/tfjs-core';
import '../backend/register-kernels.js';
import { quietFirstUse } from '../backend/init-backend.js';

/** The pure-npm backends every test runs on. */
export const TEST_BACKENDS = ['cpu', 'wasm'] as const;

/** Selects a backend in a test's `beforeAll`; throws if it cannot start. */
export async function useBackend(name: string): Promise<void> {
  const ok = await tf.setBackend(name);
  await tf.ready();
  if (!ok || tf.getBackend() !== name) throw new Error(`useBackend: could not start '${name}'`);
  quietFirstUse();
}

/** Max |a - b| over all elements (both tensors read synchronously). */
export function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}
