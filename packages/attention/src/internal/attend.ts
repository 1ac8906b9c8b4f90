import * as tf from '@tensorflow/tfjs-core';
import { maskedSoftmax } from './masked-softmax.js';
import { dropout, type DropoutOptions } from './dropout.js';
import { sparseTopKAttention, type SparseTopKMethod } from '../sparse-top-k-attention.js';

/** What {@link attend} reads besides the tensors. */
export interface AttendOptions extends DropoutOptions {
  /** For error messages. */
  where: string;
  /** Multiplies `q k^T`. */
  scale: number;
  mask?: tf.Tensor;
  additiveMask?: tf.Tensor;
  /** Dropout on the attention weights before they meet the values. */
  dropout: number;
  /** Whether the keys come as `[batch, heads, dk, nk]` (default) or `[batch, heads, nk, dk]`. */
  keysTransposed?: boolean;
  /** Keep each query's k best weights (after the softmax) and renormalise. */
  sparseTopK?: number;
  sparseMethod?: SparseTopKMethod;
}

/**
 * Scaled dot-product attention. The layers lay their keys out `[dk, nk]` in the transpose that
 * splits the heads (so no op is added and both matMuls are non-transposed); given keys
 * `[nk, dk]` (`keysTransposed: false`), `q k^T` is a `transposeB` matMul, which the benchmark
 * measured as fast as or faster than an explicit transpose on cpu and wasm. No shape checks:
 * callers check at their boundary.
 *
 * @param q `[batch, heads, nq, dk]`
 * @param k `[batch, heads, dk, nk]`, or `[batch, heads, nk, dk]` with `keysTransposed: false`
 * @param v `[batch, heads, nk, dv]`
 * @returns output `[batch, heads, nq, dv]` and weights `[batch, heads, nq, nk]` (before dropout)
 */
export function attend(
  q: tf.Tensor4D,
  k: tf.Tensor4D,
  v: tf.Tensor4D,
  o: AttendOptions,
): { output: tf.Tensor4D; weights: tf.Tensor4D } {
  const keysTransposed = o.keysTransposed ?? true;
  const scores = tf.mul(tf.matMul(q, k, false, !keysTransposed), o.scale); // [batch, heads, nq, nk]
  let weights = maskedSoftmax(scores, o.mask, o.additiveMask) as tf.Tensor4D; // [batch, heads, nq, nk]
  if (o.sparseTopK !== undefined) weights = sparseTopKAttention(weights, o.sparseTopK, { method: o.sparseMethod });
  const used = dropout(o.where, weights, o.dropout, o, 'attention');
  const output = tf.matMul(used, v) as tf.Tensor4D; // [batch, heads, nq, dv]
  return { output, weights };
}
