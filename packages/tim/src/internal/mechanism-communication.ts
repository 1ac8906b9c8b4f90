import * as tf from '@tensorflow/tfjs-core';
import { groupLinear } from '@rimjs/core';
import { scaledDotProductAttention } from '@rimjs/attention';

/** What {@link mechanismCommunication} reads besides the states. */
export interface CommunicationSpec {
  heads: number;
  keyDim: number;
  attentionDropout: number;
  training: boolean;
  seed: number | undefined;
}

/**
 * Inter-mechanism attention at each position: the `ns` mechanisms of one position attend to
 * each other (`commHeads` heads of `commKeyDim`), with per-mechanism projections (GroupLinear).
 * No mask: every mechanism sees every mechanism of its own position, and no other position.
 *
 * ```
 * q_m = h_m Cq_m + cq_m, k_m = h_m Ck_m + ck_m, v_m = h_m Cv_m + cv_m     [rows, ns, heads*keyDim]
 * a_{m,j} = sum_n softmax_n(q_{m,j} . k_{n,j} / sqrt(keyDim)) v_{n,j}     over mechanisms n
 * out_m = concat_j(a_{m,j}) Co_m + co_m                                    [rows, ns, dMech]
 * ```
 *
 * @param h `[rows, ns, dMech]`
 * @returns `[rows, ns, dMech]`
 */
export function mechanismCommunication(h: tf.Tensor3D, w: Record<string, tf.Tensor>, s: CommunicationSpec): tf.Tensor3D {
  const [rows, ns] = h.shape;
  const toHeads = (x: tf.Tensor3D): tf.Tensor4D => {
    const x4 = tf.reshape(x, [rows, ns, s.heads, s.keyDim]); // [rows, ns, heads, keyDim]
    return tf.transpose(x4, [0, 2, 1, 3]) as tf.Tensor4D; // [rows, heads, ns, keyDim]
  };
  const lin = (x: tf.Tensor3D, name: string): tf.Tensor3D =>
    groupLinear(x, w[`${name}.weight`] as tf.Tensor3D, w[`${name}.bias`] as tf.Tensor2D); // [rows, ns, out]
  const q = toHeads(lin(h, 'communication.query')); // [rows, heads, ns, keyDim]
  const k = toHeads(lin(h, 'communication.key')); // [rows, heads, ns, keyDim]
  const v = toHeads(lin(h, 'communication.value')); // [rows, heads, ns, keyDim]
  const { output } = scaledDotProductAttention(q, k, v, {
    dropout: s.attentionDropout,
    training: s.training,
    seed: s.seed,
  }); // [rows, heads, ns, keyDim]
  const merged = tf.transpose(output, [0, 2, 1, 3]); // [rows, ns, heads, keyDim]
  const a = tf.reshape(merged, [rows, ns, s.heads * s.keyDim]) as tf.Tensor3D; // [rows, ns, heads*keyDim]
  return lin(a, 'communication.output'); // [rows, ns, dMech]
}
