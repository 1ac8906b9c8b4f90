import * as tf from '@tensorflow/tfjs-core';
import type { RecurrentPolicy } from './recurrent-policy.js';

/**
 * Snapshots the RIM unit weights among `names` (`core.cell.*`, leading `units` axis) and returns
 * a function that, called after an optimizer step, puts back the rows of units whose activity
 * count is 0, so a unit that was never active in the batch keeps its weights exactly:
 * `w[k] = active[k] > 0 ? w_new[k] : w_old[k]`.
 *
 * @param active steps each unit was active `[numUnits]`
 */
export function restoreInactiveUnits(policy: RecurrentPolicy, names: string[], active: number[]): () => void {
  const k = active.length;
  if (active.every((a) => a > 0)) return () => {};
  const record = policy.params.toRecord();
  const cell = policy.parameterGroups().attention.length > 0 ? new Set(policy.parameterGroups().modules) : new Set<string>();
  const vars = names.filter((n) => cell.has(n)).map((n) => record[n]!);
  const targets = vars.filter((v) => v.shape[0] === k);
  const old = targets.map((v) => tf.clone(v));
  return () => {
    tf.tidy(() => {
      const keepNew = tf.tensor1d(active.map((a) => (a > 0 ? 1 : 0)), 'bool');
      targets.forEach((v, i) => {
        const mask = tf.reshape(keepNew, [k, ...v.shape.slice(1).map(() => 1)]);
        v.assign(tf.where(tf.broadcastTo(mask, v.shape), v, old[i]!));
      });
    });
    tf.dispose(old);
  };
}
