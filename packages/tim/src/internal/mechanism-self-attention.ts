import * as tf from '@tensorflow/tfjs-core';
import { scaledDotProductAttention } from '@rimjs/attention';
import { project } from './project.js';

/** What {@link mechanismSelfAttention} reads besides the states. */
export interface SelfAttentionSpec {
  batch: number;
  time: number;
  /** Mechanisms (1 for a standard layer). */
  ns: number;
  /** Heads per mechanism. */
  headsPerMechanism: number;
  /** Additive mask (0 attend, `-Infinity` masked) broadcastable to `[batch, ns * headsPerMechanism, time, time]`. */
  mask: tf.Tensor | undefined;
  attentionDropout: number;
  training: boolean;
  /** Seed of the attention-weight dropout (already this site's sub-seed). */
  seed: number | undefined;
}

/**
 * Mechanism-wise self-attention over positions: mechanism `m` attends over the time axis with
 * its own slice `h[:, :, m]`, its own `headsPerMechanism` heads and its own projections
 * (`[ns, dMech, dMech]`, GroupLinear) or projections shared by every mechanism (`[dMech, dMech]`).
 * All mechanisms' heads run as `ns * headsPerMechanism` heads of one
 * `scaledDotProductAttention` call; mechanism `m`'s head `j` is head `m * headsPerMechanism + j`.
 *
 * ```
 * q_m = h_m Wq_m + bq_m, k_m = h_m Wk_m + bk_m, v_m = h_m Wv_m + bv_m     per mechanism m
 * a_{m,j} = softmax(q_{m,j} k_{m,j}^T / sqrt(dHead) + mask) v_{m,j}       per head j, over positions (mask 0 / -inf)
 * out_m = concat_j(a_{m,j}) Wo_m + bo_m
 * ```
 *
 * @param h `[batch*time, ns, dMech]`, row `b * time + t`
 * @returns `[batch*time, ns, dMech]`
 */
export function mechanismSelfAttention(
  h: tf.Tensor3D,
  w: Record<string, tf.Tensor>,
  s: SelfAttentionSpec,
): tf.Tensor3D {
  const [rows, ns, dMech] = h.shape;
  const heads = ns * s.headsPerMechanism;
  const dHead = dMech / s.headsPerMechanism;
  const toHeads = (x: tf.Tensor3D): tf.Tensor4D => {
    const x4 = tf.reshape(x, [s.batch, s.time, heads, dHead]); // [batch, time, ns*hm, dHead]
    return tf.transpose(x4, [0, 2, 1, 3]) as tf.Tensor4D; // [batch, ns*hm, time, dHead]
  };
  const q = project(h, w['attention.query.weight']!, w['attention.query.bias']); // [rows, ns, dMech]
  const k = project(h, w['attention.key.weight']!, w['attention.key.bias']); // [rows, ns, dMech]
  const v = project(h, w['attention.value.weight']!, w['attention.value.bias']); // [rows, ns, dMech]
  const { output } = scaledDotProductAttention(toHeads(q), toHeads(k), toHeads(v), {
    additiveMask: s.mask,
    dropout: s.attentionDropout,
    training: s.training,
    seed: s.seed,
  }); // [batch, ns*hm, time, dHead]
  const merged = tf.transpose(output, [0, 2, 1, 3]); // [batch, time, ns*hm, dHead]
  const a = tf.reshape(merged, [rows, ns, dMech]) as tf.Tensor3D; // [rows, ns, dMech]
  return project(a, w['attention.output.weight']!, w['attention.output.bias']); // [rows, ns, dMech]
}
