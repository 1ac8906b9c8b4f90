import * as tf from '@tensorflow/tfjs-core';
import { assertShape, ConfigCheck } from '@rimjs/core';
import { attend } from './internal/attend.js';
import { assertBroadcastsTo } from './internal/masked-softmax.js';

/** Options of {@link scaledDotProductAttention}. */
export interface ScaledDotProductAttentionOptions {
  /**
   * Which keys each query may attend to: bool, or float 0/1 (non-zero = attend), broadcastable
   * to the weights `[batch, heads, nq, nk]` (e.g. `[batch, 1, 1, nk]` for padding,
   * `[nq, nk]` for causality).
   */
  mask?: tf.Tensor;
  /** Float added to the scores before the softmax, broadcastable to `[batch, heads, nq, nk]`; `-Infinity` masks. */
  additiveMask?: tf.Tensor;
  /** Dropout rate on the attention weights, applied only when `training`. Default 0. */
  dropout?: number;
  /** Whether dropout is active. Default `false`. */
  training?: boolean;
  /** Non-zero integer seed of the dropout mask; required when `training` with `dropout > 0`. */
  seed?: number;
  /** Multiplies `q k^T`. Default `1 / sqrt(dk)`. */
  scale?: number;
}

/** Result of {@link scaledDotProductAttention}; the caller disposes both. */
export interface AttentionResult {
  /** `[batch, heads, nq, dv]` */
  output: tf.Tensor4D;
  /** `[batch, heads, nq, nk]`, before dropout (rows sum to 1, or are 0 where fully masked) */
  weights: tf.Tensor4D;
}

/**
 * Scaled dot-product attention:
 * `weights = softmax(scale * q k^T + additiveMask)` over the keys (masked keys excluded),
 * `output = dropout(weights) v`.
 *
 * A query row whose keys are all masked (by `mask`, or `-Infinity` everywhere in
 * `additiveMask`) gets **zero weights and a zero output** (and zero gradient), never NaN.
 * A large finite negative additive mask behaves as in PyTorch (the row's softmax is taken
 * over the masked scores as they are).
 *
 * Dimensions: `batch`, `heads`, `nq` queries, `nk` keys, key size `dk`, value size `dv`.
 *
 * @param q `[batch, heads, nq, dk]`
 * @param k `[batch, heads, nk, dk]`
 * @param v `[batch, heads, nk, dv]`
 * @returns `{ output [batch, heads, nq, dv], weights [batch, heads, nq, nk] }`
 * @throws ShapeError naming the argument when shapes disagree or a mask does not broadcast.
 * @throws ConfigError when `dropout` is not in `[0, 1)`, or training with dropout and no seed.
 * @example
 * const { output, weights } = scaledDotProductAttention(q, k, v, { mask: tf.tensor([1, 1, 0], [1, 1, 1, 3], 'bool') });
 */
export function scaledDotProductAttention(
  q: tf.Tensor4D,
  k: tf.Tensor4D,
  v: tf.Tensor4D,
  { mask, additiveMask, dropout = 0, training = false, seed, scale }: ScaledDotProductAttentionOptions = {},
): AttentionResult {
  const where = 'scaledDotProductAttention';
  const [batch, heads, nq, dk] = assertShape(where, 'q', q, [['batch', null], ['heads', null], ['nq', null], ['dk', null]]);
  const [, , nk] = assertShape(where, 'k', k, [['batch', batch!], ['heads', heads!], ['nk', null], ['dk', dk!]]);
  assertShape(where, 'v', v, [['batch', batch!], ['heads', heads!], ['nk', nk!], ['dv', null]]);
  const weightShape = [batch!, heads!, nq!, nk!];
  const names = '[batch, heads, nq, nk]';
  if (mask) assertBroadcastsTo(where, 'mask', mask, weightShape, names);
  if (additiveMask) assertBroadcastsTo(where, 'additiveMask', additiveMask, weightShape, names);
  const c = new ConfigCheck(where).rate('dropout', dropout);
  if (scale !== undefined) c.number('scale', scale);
  c.throwIfAny();
  return tf.tidy(() => {
    return attend(q, k, v, {
      where,
      keysTransposed: false,
      scale: scale ?? 1 / Math.sqrt(dk!),
      mask,
      additiveMask,
      dropout,
      training,
      seed,
    });
  });
}
