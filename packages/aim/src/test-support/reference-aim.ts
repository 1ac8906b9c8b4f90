import * as tf from '@tensorflow/tfjs-core';
import type { AimWeights, ResolvedAimConfig, StochasticSelection } from '../index.js';

/** Result of {@link referenceAim}. */
export type ReferenceAimResult = { output: tf.Tensor2D; scores: tf.Tensor2D; selected: number[][] };

/**
 * A slow reference AIM written from the equations, one example and one mechanism at a time
 * (tf ops on slices, so it is differentiable): e_m(v) = mean_j <q_{m,j}, k_j(v)> / sqrt(d_k);
 * fewshot a_m = exp(e_m(x)) / (exp(e_m(x)) + exp(e_m(0))), continual a_m = e_m(x); the selection
 * is a stable sort in JS (largest first, ties: lower index first); out = sum_{m in S} a_m x W^M_m.
 *
 * @param x `[batch, inputSize]`
 * @returns `{ output [batch, valueSize], scores [batch, M], selected: index lists per example }`
 */
export function referenceAim(
  r: ResolvedAimConfig,
  w: AimWeights,
  x: tf.Tensor2D,
  stochastic?: StochasticSelection,
): ReferenceAimResult {
  const { numUnits: M, heads: H, keySize: dk, inputSize: dIn, hiddenSize: dh, valueSize: dV } = r;
  const batch = x.shape[0];
  const rows: tf.Tensor[] = [];
  const scoreRows: tf.Tensor[] = [];
  const selected: number[][] = [];
  const e = (m: number, v: tf.Tensor1D): tf.Scalar => {
    const q = tf.matMul(tf.reshape(tf.slice(w.states, [m, 0], [1, dh]), [1, dh]), tf.reshape(tf.slice(w['query.weight'], [m, 0, 0], [1, dh, H * dk]), [dh, H * dk])); // [1, H*dk]
    const k = tf.add(tf.matMul(tf.reshape(v, [1, dIn]), w['key.weight'] as tf.Tensor2D), w['key.bias']); // [1, H*dk]
    let sum = tf.scalar(0);
    for (let j = 0; j < H; j++) {
      sum = tf.add(sum, tf.sum(tf.mul(tf.slice(q, [0, j * dk], [1, dk]), tf.slice(k, [0, j * dk], [1, dk]))));
    }
    return tf.div(sum, H * Math.sqrt(dk)) as tf.Scalar;
  };
  for (let b = 0; b < batch; b++) {
    const xb = tf.reshape(tf.slice(x, [b, 0], [1, dIn]), [dIn]) as tf.Tensor1D;
    const a: tf.Scalar[] = [];
    for (let m = 0; m < M; m++) {
      const ex = e(m, xb);
      if (r.variant === 'fewshot') {
        const en = e(m, tf.zeros([dIn]) as tf.Tensor1D);
        a.push(tf.div(tf.exp(ex), tf.add(tf.exp(ex), tf.exp(en))) as tf.Scalar);
      } else {
        a.push(ex);
      }
    }
    const values = a.map((s) => s.dataSync()[0]!);
    const ranked = values.map((v, i) => ({ v, i })).sort((p, q) => q.v - p.v || p.i - q.i).map((p) => p.i);
    const pick = stochastic === undefined ? ranked.slice(0, r.topK) : stochastic.positions.map((p) => ranked[p]!);
    selected.push([...pick].sort((p, q) => p - q));
    let out: tf.Tensor = tf.zeros([dV]);
    for (const m of pick) {
      const wm = tf.reshape(tf.slice(w['value.weight'], [m, 0, 0], [1, dIn, dV]), [dIn, dV]);
      const value = tf.reshape(tf.matMul(tf.reshape(xb, [1, dIn]), wm as tf.Tensor2D), [dV]);
      out = tf.add(out, tf.mul(a[m]!, value));
    }
    if (r.normalizeOutput) out = tf.div(out, tf.maximum(tf.sqrt(tf.sum(tf.square(out))), 1e-12));
    rows.push(out);
    scoreRows.push(tf.stack(a));
  }
  return { output: tf.stack(rows) as tf.Tensor2D, scores: tf.stack(scoreRows) as tf.Tensor2D, selected };
}
