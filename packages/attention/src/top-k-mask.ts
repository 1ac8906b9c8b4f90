import * as tf from '@tensorflow/tfjs-core';
import { assertShape, ConfigCheck } from '@rimjs/core';
import { noGradient } from './internal/no-gradient.js';

/** Options of {@link topKMask}. */
export interface TopKMaskOptions {
  /** `true` (default): keep the k largest scores; `false`: keep the k smallest. */
  largest?: boolean;
}

/**
 * A 0/1 mask marking, in each row, the `k` units with the largest (or smallest) scores. The mask
 * carries no gradient.
 *
 * **Tie rule:** among equal scores the lower unit index wins, for `largest` true and false
 * alike. So at step 0 of a RIM, where a zero state gives every unit the same score,
 * `topKMask(nullScore, k, { largest: false })` activates units `0 .. k-1`. This is the order of
 * `tf.topk` on the cpu and wasm backends (a stable sort), checked by the tests.
 *
 * The RIM selection is `topKMask(nullScore, topK, { largest: false })`: active = the units that
 * put the least attention on the null slot (the official code marks the `K - topK` largest
 * inactive, which agrees except on ties).
 *
 * @param scores `[batch, units]`
 * @param k how many to keep per row, an integer in `[1, units]`
 * @returns float32 `[batch, units]`, exactly `k` ones per row
 * @throws ShapeError when `scores` is not rank 2.
 * @throws ConfigError when `k` is not an integer in `[1, units]`.
 * @example
 * topKMask(tf.tensor2d([[0.1, 0.7, 0.7, 0.2]]), 2); // [[0, 1, 1, 0]]
 * topKMask(tf.zeros([1, 4]), 2, { largest: false }); // [[1, 1, 0, 0]] (ties: lower index)
 */
export function topKMask(scores: tf.Tensor2D, k: number, { largest = true }: TopKMaskOptions = {}): tf.Tensor2D {
  const [, units] = assertShape('topKMask', 'scores', scores, [['batch', null], ['units', null]]);
  new ConfigCheck('topKMask').integer('k', k, 1, units!, 'units').throwIfAny();
  return tf.tidy(() =>
    noGradient((s) => {
      const { indices } = tf.topk(largest ? s : tf.neg(s), k); // [batch, k]
      const hot = tf.cast(tf.oneHot(indices, units!), 'float32'); // [batch, k, units]
      return tf.sum(hot, 1) as tf.Tensor2D; // [batch, units]
    }, scores),
  );
}
