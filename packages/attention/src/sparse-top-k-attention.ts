import * as tf from '@tensorflow/tfjs-core';
import { ConfigCheck, ShapeError } from '@rimjs/core';
import { noGradient } from './internal/no-gradient.js';

/**
 * How {@link sparseTopKAttention} sparsifies a row `w` (a probability vector) for a given `k`:
 * - `'renormalize'`: keep the k largest entries, zero the rest, divide by their sum.
 * - `'official'`: the official RIM code's `Sparse_attention(top_k = k)`: with `delta` the
 *   (k+1)-th largest entry plus `1e-7`, `max(w - delta, 0) / (sum max(w - delta, 0) + 1e-7)`;
 *   a row of at most `k + 1` entries is returned unchanged (as the official code does).
 */
export type SparseTopKMethod = 'renormalize' | 'official';

/** Options of {@link sparseTopKAttention}. */
export interface SparseTopKOptions {
  /** Default `'renormalize'`. */
  method?: SparseTopKMethod | undefined;
}

const EPS = 1e-7;

/**
 * Keeps each row's `k` best attention weights and renormalises them (the optional sparse
 * communication of RIMs, the top-k write of a shared workspace). Which k entries are kept
 * carries no gradient; the kept values do. Ties: the lower index wins. A row whose kept weights
 * sum to 0 (a fully masked row) stays 0.
 *
 * @param weights `[..., nk]` attention weights (rows sum to 1 or are 0)
 * @param k how many to keep, an integer >= 1; `k >= nk` returns the weights unchanged
 * @returns `[..., nk]`
 * @throws ShapeError when `weights` is a scalar.
 * @throws ConfigError when `k` is not a positive integer or `method` is unknown.
 * @example
 * sparseTopKAttention(tf.tensor2d([[0.5, 0.2, 0.3]]), 2); // [[0.625, 0, 0.375]]
 */
export function sparseTopKAttention<T extends tf.Tensor>(weights: T, k: number, { method = 'renormalize' }: SparseTopKOptions = {}): T {
  if (weights.rank < 1) throw new ShapeError(`sparseTopKAttention: 'weights' must be [..., nk], got a scalar`);
  new ConfigCheck('sparseTopKAttention')
    .positiveInt('k', k)
    .oneOf('method', method, ['renormalize', 'official'] as const)
    .throwIfAny();
  const nk = weights.shape[weights.rank - 1]!;
  return tf.tidy(() => {
    if (method === 'official') {
      if (nk <= k + 1) return tf.clone(weights);
      // One-hot of the (k+1)-th largest entry; delta = that entry, with its gradient.
      const at = noGradient((w) => {
        const { indices } = tf.topk(w, k + 1); // [..., k+1]
        const last = tf.slice(indices, Array(w.rank).fill(0).map((_, i) => (i === w.rank - 1 ? k : 0)), [...indices.shape.slice(0, -1), 1]); // [..., 1]
        return tf.sum(tf.cast(tf.oneHot(last, nk), 'float32'), -2); // [..., nk]
      }, weights);
      const delta = tf.add(tf.sum(tf.mul(weights, at), -1, true), EPS); // [..., 1]
      const clipped = tf.relu(tf.sub(weights, delta)); // [..., nk]
      return tf.div(clipped, tf.add(tf.sum(clipped, -1, true), EPS)) as T;
    }
    if (k >= nk) return tf.clone(weights);
    const keep = noGradient((w) => {
      const { indices } = tf.topk(w, k); // [..., k]
      return tf.sum(tf.cast(tf.oneHot(indices, nk), 'float32'), -2); // [..., nk]
    }, weights);
    const kept = tf.mul(weights, keep); // [..., nk]
    const total = tf.sum(kept, -1, true); // [..., 1]
    const isZero = noGradient((t) => tf.cast(tf.equal(t, 0), 'float32'), total); // [..., 1]
    return tf.div(kept, tf.add(total, isZero)) as T; // a zero row stays zero
  });
}
