// Slow, obvious references of the TIM and standard layers for the tests: a loop over
// mechanisms with separate 2-D weights, a loop over heads, explicit softmax and layer norm.
// Written from the equations, independently of src/internal.
import * as tf from '@tensorflow/tfjs-core';
import type { ResolvedTimLayerConfig } from '../tim-layer-config.js';
import type { ResolvedTransformerLayerConfig } from '../transformer-layer-config.js';

/** Which keys each query may see: `keep[b][q][k]`. */
export type Keep = boolean[][][];

/** `keep[b][q][k] = (k <= q or not causal) and padding[b][k]`. */
export function keepOf(batch: number, time: number, causal: boolean, padding?: number[][]): Keep {
  return Array.from({ length: batch }, (_, b) =>
    Array.from({ length: time }, (_, q) => Array.from({ length: time }, (_, k) => (!causal || k <= q) && (padding ? padding[b]![k] !== 0 : true))),
  );
}

function softmaxRows(s: tf.Tensor): tf.Tensor {
  const e = tf.exp(tf.sub(s, tf.max(s, -1, true)));
  return tf.div(e, tf.sum(e, -1, true));
}

function layerNorm(x: tf.Tensor2D, gain: tf.Tensor, bias: tf.Tensor, eps: number): tf.Tensor2D {
  const n = x.shape[1];
  const mean = tf.div(tf.sum(x, 1, true), n);
  const d = tf.sub(x, mean);
  const variance = tf.div(tf.sum(tf.mul(d, d), 1, true), n);
  return tf.add(tf.mul(tf.div(d, tf.sqrt(tf.add(variance, eps))), gain), bias) as tf.Tensor2D;
}

/** Row `m` of a per-mechanism tensor: `[ns, a, b]` -> `[a, b]`, `[ns, a]` -> `[a]`. */
function mech(t: tf.Tensor, m: number): tf.Tensor {
  const begin = t.shape.map((_, i) => (i === 0 ? m : 0));
  const size = t.shape.map((d, i) => (i === 0 ? 1 : d));
  return tf.reshape(tf.slice(t, begin, size), t.shape.slice(1));
}

const lin = (x: tf.Tensor2D, w: tf.Tensor, b: tf.Tensor): tf.Tensor2D => tf.add(tf.matMul(x, w as tf.Tensor2D), b) as tf.Tensor2D;
const relu = (x: tf.Tensor2D): tf.Tensor2D => tf.maximum(x, 0) as tf.Tensor2D;

/**
 * Multi-head self-attention over positions of one `[batch*time, d]` stream with 2-D weights.
 * Masked keys get `-1e9` before the explicit softmax.
 */
function selfAttention(
  x: tf.Tensor2D, batch: number, time: number, heads: number,
  wq: tf.Tensor, bq: tf.Tensor, wk: tf.Tensor, bk: tf.Tensor, wv: tf.Tensor, bv: tf.Tensor, wo: tf.Tensor, bo: tf.Tensor,
  keep: Keep,
): tf.Tensor2D {
  const d = x.shape[1];
  const dh = d / heads;
  const q = tf.reshape(lin(x, wq, bq), [batch, time, d]);
  const k = tf.reshape(lin(x, wk, bk), [batch, time, d]);
  const v = tf.reshape(lin(x, wv, bv), [batch, time, d]);
  const additive = tf.tensor3d(keep.flat(2).map((ok) => (ok ? 0 : -1e9)), [batch, time, time]);
  const outs: tf.Tensor[] = [];
  for (let j = 0; j < heads; j++) {
    const part = (t: tf.Tensor) => tf.slice(t, [0, 0, j * dh], [batch, time, dh]) as tf.Tensor3D;
    const s = tf.add(tf.div(tf.matMul(part(q), part(k), false, true), Math.sqrt(dh)), additive); // [batch, time, time]
    outs.push(tf.matMul(softmaxRows(s) as tf.Tensor3D, part(v))); // [batch, time, dh]
  }
  const a = tf.reshape(tf.concat(outs, 2), [batch * time, d]) as tf.Tensor2D;
  return lin(a, wo, bo);
}

/** The TIM layer, plainly: returns output `[batch, time, dModel]` and competition `[batch, time, ns]`. */
export function referenceTimLayer(
  r: ResolvedTimLayerConfig,
  w: Record<string, tf.Tensor>,
  x: tf.Tensor3D,
  keep: Keep,
): { output: tf.Tensor3D; competition: tf.Tensor3D } {
  const [batch, time] = x.shape;
  const { ns, dMech } = r;
  const rows = batch * time;
  const xs = Array.from({ length: ns }, (_, m) => tf.reshape(tf.slice(x, [0, 0, m * dMech], [batch, time, dMech]), [rows, dMech]) as tf.Tensor2D);
  const W = (name: string, m: number) => (r.shareAttention && name.startsWith('attention.') ? w[name]! : mech(w[name]!, m));
  // 1. competition
  const scores = tf.concat(xs.map((xm, m) => lin(xm, W('competition.weight', m), W('competition.bias', m))), 1); // [rows, ns]
  const c = softmaxRows(tf.div(scores, r.competitionTemperature)) as tf.Tensor2D;
  // 2-3. attention per mechanism, scaled by the competition, norm
  const h1 = xs.map((xm, m) => {
    const p = (n: string) => W(`attention.${n}.weight`, m);
    const b = (n: string) => W(`attention.${n}.bias`, m);
    const a = selfAttention(xm, batch, time, r.headsPerMechanism, p('query'), b('query'), p('key'), b('key'), p('value'), b('value'), p('output'), b('output'), keep);
    const cm = tf.slice(c, [0, m], [rows, 1]);
    return layerNorm(tf.add(xm, tf.mul(a, cm)) as tf.Tensor2D, mech(w['norm1.gain']!, m), mech(w['norm1.bias']!, m), r.normEpsilon);
  });
  // 4. communication: mechanism m attends to every mechanism n of its own position
  let h2 = h1;
  if (r.communication) {
    const kd = r.commKeyDim;
    const proj = (n: string) => h1.map((hm, m) => lin(hm, mech(w[`communication.${n}.weight`]!, m), mech(w[`communication.${n}.bias`]!, m)));
    const q = proj('query');
    const k = proj('key');
    const v = proj('value');
    h2 = h1.map((hm, m) => {
      const heads: tf.Tensor[] = [];
      for (let j = 0; j < r.commHeads; j++) {
        const part = (t: tf.Tensor2D) => tf.slice(t, [0, j * kd], [rows, kd]);
        const s = tf.concat(k.map((kn) => tf.div(tf.sum(tf.mul(part(q[m]!), part(kn)), 1, true), Math.sqrt(kd))), 1); // [rows, ns]
        const pr = softmaxRows(s);
        let acc: tf.Tensor = tf.zeros([rows, kd]);
        v.forEach((vn, n) => (acc = tf.add(acc, tf.mul(tf.slice(pr, [0, n], [rows, 1]), part(vn)))));
        heads.push(acc);
      }
      const o = lin(tf.concat(heads, 1) as tf.Tensor2D, mech(w['communication.output.weight']!, m), mech(w['communication.output.bias']!, m));
      return layerNorm(tf.add(hm, o) as tf.Tensor2D, mech(w['norm2.gain']!, m), mech(w['norm2.bias']!, m), r.normEpsilon);
    });
  }
  // 5. feed-forward per mechanism
  const h3 = h2.map((hm, m) => {
    const f = lin(relu(lin(hm, mech(w['ffn.hidden.weight']!, m), mech(w['ffn.hidden.bias']!, m))), mech(w['ffn.output.weight']!, m), mech(w['ffn.output.bias']!, m));
    return layerNorm(tf.add(hm, f) as tf.Tensor2D, mech(w['norm3.gain']!, m), mech(w['norm3.bias']!, m), r.normEpsilon);
  });
  return {
    output: tf.reshape(tf.concat(h3, 1), [batch, time, r.dModel]) as tf.Tensor3D,
    competition: tf.reshape(c, [batch, time, ns]) as tf.Tensor3D,
  };
}

/** The standard post-norm layer, plainly: `[batch, time, dModel]`. */
export function referenceTransformerLayer(
  r: ResolvedTransformerLayerConfig,
  w: Record<string, tf.Tensor>,
  x: tf.Tensor3D,
  keep: Keep,
): tf.Tensor3D {
  const [batch, time, d] = x.shape;
  const x2 = tf.reshape(x, [batch * time, d]) as tf.Tensor2D;
  const p = (n: string) => w[`attention.${n}.weight`]!;
  const b = (n: string) => w[`attention.${n}.bias`]!;
  const a = selfAttention(x2, batch, time, r.heads, p('query'), b('query'), p('key'), b('key'), p('value'), b('value'), p('output'), b('output'), keep);
  const h = layerNorm(tf.add(x2, a) as tf.Tensor2D, w['norm1.gain']!, w['norm1.bias']!, r.normEpsilon);
  const f = lin(relu(lin(h, w['ffn.hidden.weight']!, w['ffn.hidden.bias']!)), w['ffn.output.weight']!, w['ffn.output.bias']!);
  return tf.reshape(layerNorm(tf.add(h, f) as tf.Tensor2D, w['norm3.gain']!, w['norm3.bias']!, r.normEpsilon), [batch, time, d]) as tf.Tensor3D;
}
