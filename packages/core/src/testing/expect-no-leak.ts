import * as tf from '@tensorflow/tfjs-core';
import { RimjsError } from '../errors.js';

/**
 * Runs `fn` once to warm up, then `iterations` more times, and throws if
 * `tf.memory().numTensors` grew. `fn` must dispose what it returns (or return nothing).
 *
 * @throws RimjsError naming the growth per call.
 * @example
 * await expectNoLeak(() => cell.step(x, state).output.dispose());
 */
export async function expectNoLeak(fn: () => unknown, { iterations = 5, label = 'fn' } = {}): Promise<void> {
  await fn();
  const before = tf.memory().numTensors;
  for (let i = 0; i < iterations; i++) await fn();
  const after = tf.memory().numTensors;
  if (after !== before) {
    throw new RimjsError(
      `expectNoLeak(${label}): tf.memory().numTensors went from ${before} to ${after} over ${iterations} calls (${(after - before) / iterations} per call)`,
    );
  }
}
