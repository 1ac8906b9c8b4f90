import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, ShapeError } from '@rimjs/core';
import { checkGradients, expectNoLeak, TEST_BACKENDS, useBackend } from '@rimjs/core/testing';
import { scaledDotProductAttention } from './scaled-dot-product-attention.js';
import { arr, maxDiff, nest4, randn, refAttention } from './testing-internal/reference.js';

const B = 2, H = 3, NQ = 4, NK = 5, DK = 6, DV = 7;

/** The whole op with the plain reference, per (batch, head). */
function reference(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, scale: number, keep?: boolean[][][][], add?: number[][][][]) {
  const qs = nest4(q.dataSync(), q.shape), ks = nest4(k.dataSync(), k.shape), vs = nest4(v.dataSync(), v.shape);
  const out: number[] = [], w: number[] = [];
  for (let b = 0; b < q.shape[0]!; b++) {
    for (let h = 0; h < q.shape[1]!; h++) {
      const r = refAttention(qs[b]![h]!, ks[b]![h]!, vs[b]![h]!, scale, keep?.[b]?.[h], add?.[b]?.[h]);
      out.push(...r.out.flat());
      w.push(...r.w.flat());
    }
  }
  return { out, w };
}

/** The same formula in plain tfjs ops (explicit exp / sum), for reference gradients. */
function tfReference(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, scale: number, keep?: tf.Tensor): tf.Tensor {
  const kT = tf.transpose(k, [0, 1, 3, 2]);
  const s = tf.mul(tf.matMul(q, kT), scale);
  const m = tf.max(s, -1, true);
  let e = tf.exp(tf.sub(s, m));
  if (keep) e = tf.mul(e, keep);
  const w = tf.div(e, tf.sum(e, -1, true));
  return tf.matMul(w, v);
}

describe.each(TEST_BACKENDS)('scaledDotProductAttention on %s', (backend) => {
  let q: tf.Tensor4D, k: tf.Tensor4D, v: tf.Tensor4D, R: tf.Tensor;
  beforeAll(async () => {
    await useBackend(backend);
    q = randn([B, H, NQ, DK], 1) as tf.Tensor4D;
    k = randn([B, H, NK, DK], 2) as tf.Tensor4D;
    v = randn([B, H, NK, DV], 3) as tf.Tensor4D;
    R = randn([B, H, NQ, DV], 4); // fixed loss weights
  });

  it('matches the formula softmax(q k^T / sqrt(dk)) v', () => {
    const { output, weights } = scaledDotProductAttention(q, k, v);
    expect(output.shape).toEqual([B, H, NQ, DV]);
    expect(weights.shape).toEqual([B, H, NQ, NK]);
    const ref = reference(q, k, v, 1 / Math.sqrt(DK));
    expect(maxDiff(arr(output), ref.out)).toBeLessThan(1e-5);
    expect(maxDiff(arr(weights), ref.w)).toBeLessThan(1e-6);
  });

  it('honours a custom scale', () => {
    const { output } = scaledDotProductAttention(q, k, v, { scale: 0.3 });
    expect(maxDiff(arr(output), reference(q, k, v, 0.3).out)).toBeLessThan(1e-5);
  });

  it('has the gradients of the plain formula, and of finite differences', () => {
    const loss = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
      tf.sum(tf.mul(scaledDotProductAttention(a as tf.Tensor4D, b as tf.Tensor4D, c as tf.Tensor4D).output, R)) as tf.Scalar;
    const refLoss = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => tf.sum(tf.mul(tfReference(a, b, c, 1 / Math.sqrt(DK)), R)) as tf.Scalar;
    const g = tf.grads(loss)([q, k, v]);
    const gr = tf.grads(refLoss)([q, k, v]);
    g.forEach((gi, i) => expect(maxDiff(arr(gi), arr(gr[i]!))).toBeLessThan(1e-5));
    const check = checkGradients(loss, [q, k, v], { samples: 8 });
    expect(check.maxRelError).toBeLessThan(2e-2);
  });

  it('masks with a bool mask, a 0/1 float mask and an additive -Infinity mask alike', () => {
    const keepArr = Array.from({ length: NQ * NK }, (_, i) => (i * 7) % 3 !== 0); // [nq, nk]
    const keep = nest4(keepArr.map(Number), [1, 1, NQ, NK]).map((x) => x.map((y) => y.map((z) => z.map(Boolean))));
    const keepFull = Array.from({ length: B }, () => Array.from({ length: H }, () => keep[0]![0]!));
    const ref = reference(q, k, v, 1 / Math.sqrt(DK), keepFull);
    const boolMask = tf.tensor(keepArr, [NQ, NK], 'bool');
    const floatMask = tf.tensor(keepArr.map(Number), [1, 1, NQ, NK]);
    const additive = tf.tensor(keepArr.map((x) => (x ? 0 : -Infinity)), [NQ, NK]);
    for (const opts of [{ mask: boolMask }, { mask: floatMask }, { additiveMask: additive }]) {
      const { output, weights } = scaledDotProductAttention(q, k, v, opts);
      expect(maxDiff(arr(output), ref.out)).toBeLessThan(1e-5);
      expect(maxDiff(arr(weights), ref.w)).toBeLessThan(1e-6);
    }
  });

  it('adds a finite additive mask to the scores', () => {
    const addArr = Array.from({ length: NQ * NK }, (_, i) => Math.sin(i));
    const add = nest4(addArr, [1, 1, NQ, NK]);
    const addFull = Array.from({ length: B }, () => Array.from({ length: H }, () => add[0]![0]!));
    const { output } = scaledDotProductAttention(q, k, v, { additiveMask: tf.tensor(addArr, [1, 1, NQ, NK]) });
    expect(maxDiff(arr(output), reference(q, k, v, 1 / Math.sqrt(DK), undefined, addFull).out)).toBeLessThan(1e-5);
  });

  it('gives a fully masked row zero weights, zero output and zero gradient, never NaN', () => {
    // Query 1 of every (batch, head) sees nothing; the others see all keys but the last.
    const keepArr = Array.from({ length: NQ * NK }, (_, i) => Math.floor(i / NK) !== 1 && i % NK !== NK - 1);
    const mask = tf.tensor(keepArr, [1, 1, NQ, NK], 'bool');
    for (const opts of [{ mask }, { additiveMask: tf.tensor(keepArr.map((x) => (x ? 0 : -Infinity)), [NQ, NK]) }]) {
      const { output, weights } = scaledDotProductAttention(q, k, v, opts);
      const w = nest4(weights.dataSync(), weights.shape);
      const o = nest4(output.dataSync(), output.shape);
      for (let b = 0; b < B; b++) {
        for (let h = 0; h < H; h++) {
          expect(w[b]![h]![1]).toEqual(Array(NK).fill(0));
          expect(o[b]![h]![1]).toEqual(Array(DV).fill(0));
          expect(w[b]![h]![0]!.reduce((a, x) => a + x, 0)).toBeCloseTo(1, 5);
        }
      }
      const [gq, gk, gv] = tf.grads((a: tf.Tensor, bb: tf.Tensor, c: tf.Tensor) =>
        tf.sum(tf.mul(scaledDotProductAttention(a as tf.Tensor4D, bb as tf.Tensor4D, c as tf.Tensor4D, opts).output, R)),
      )([q, k, v]);
      for (const g of [gq!, gk!, gv!]) expect(arr(g).every(Number.isFinite)).toBe(true);
      const gqs = nest4(gq!.dataSync(), gq!.shape);
      expect(gqs[0]![0]![1]).toEqual(Array(DK).fill(0));
    }
    // Against the reference gradient where the row is not fully masked (keep as 0/1 multiplier).
    const partial = tf.tensor(keepArr.map((x, i) => (Math.floor(i / NK) === 1 ? 1 : Number(x))), [1, 1, NQ, NK]);
    const g = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(scaledDotProductAttention(a as tf.Tensor4D, k, v, { mask: partial }).output, R)))(q);
    const gr = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tfReference(a, k, v, 1 / Math.sqrt(DK), partial), R)))(q);
    expect(maxDiff(arr(g), arr(gr))).toBeLessThan(1e-5);
  });

  it('passes a finite-difference check with a mask', () => {
    const mask = tf.tensor(Array.from({ length: NK }, (_, i) => i !== 2), [1, 1, 1, NK], 'bool');
    const check = checkGradients(
      (a, b, c) => tf.sum(tf.mul(scaledDotProductAttention(a as tf.Tensor4D, b as tf.Tensor4D, c as tf.Tensor4D, { mask }).output, R)) as tf.Scalar,
      [q, k, v],
      { samples: 6 },
    );
    expect(check.maxRelError).toBeLessThan(2e-2);
  });

  it('drops attention weights only in training, deterministically per seed', () => {
    const a = scaledDotProductAttention(q, k, v, { dropout: 0.5, training: true, seed: 7 }).output;
    const b = scaledDotProductAttention(q, k, v, { dropout: 0.5, training: true, seed: 7 }).output;
    const c = scaledDotProductAttention(q, k, v, { dropout: 0.5, training: true, seed: 8 }).output;
    const eval_ = scaledDotProductAttention(q, k, v, { dropout: 0.5, seed: 7 }).output;
    expect(arr(a)).toEqual(arr(b));
    expect(maxDiff(arr(a), arr(c))).toBeGreaterThan(1e-3);
    expect(maxDiff(arr(eval_), reference(q, k, v, 1 / Math.sqrt(DK)).out)).toBeLessThan(1e-5);
    expect(() => scaledDotProductAttention(q, k, v, { dropout: 0.5, training: true })).toThrow(ConfigError);
    expect(() => scaledDotProductAttention(q, k, v, { dropout: 0.5, training: true })).toThrow(/'seed' is required/);
    expect(() => scaledDotProductAttention(q, k, v, { dropout: 1 })).toThrow(/scaledDotProductAttention.dropout: must be a number in \[0, 1\)/);
  });

  it('names the argument whose shape is wrong', () => {
    expect(() => scaledDotProductAttention(q, tf.zeros([B, H, NK, DK + 1]) as tf.Tensor4D, v)).toThrow(ShapeError);
    expect(() => scaledDotProductAttention(q, tf.zeros([B, H, NK, DK + 1]) as tf.Tensor4D, v)).toThrow(
      `scaledDotProductAttention: 'k' must be [batch, heads, nk, dk] = [${B}, ${H}, ?, ${DK}], got [${B}, ${H}, ${NK}, ${DK + 1}]`,
    );
    expect(() => scaledDotProductAttention(q, k, tf.zeros([B, H, NK + 1, DV]) as tf.Tensor4D)).toThrow(/'v' must be \[batch, heads, nk, dv\]/);
    expect(() => scaledDotProductAttention(tf.zeros([B, NQ, DK]) as unknown as tf.Tensor4D, k, v)).toThrow(/'q' must be \[batch, heads, nq, dk\]/);
    expect(() => scaledDotProductAttention(q, k, v, { mask: tf.ones([NQ, NK + 1]) })).toThrow(
      `scaledDotProductAttention: 'mask' must broadcast to [batch, heads, nq, nk] = [${B}, ${H}, ${NQ}, ${NK}], got [${NQ}, ${NK + 1}]`,
    );
  });

  it('does not leak, with and without masks, forward and backward', async () => {
    const mask = tf.tensor(Array.from({ length: NK }, (_, i) => i !== 0), [1, 1, 1, NK], 'bool');
    await expectNoLeak(() => {
      const r = scaledDotProductAttention(q, k, v, { mask, dropout: 0.1, training: true, seed: 3 });
      r.output.dispose();
      r.weights.dispose();
    });
    await expectNoLeak(() =>
      tf.tidy(() => {
        tf.grads((a: tf.Tensor) => tf.sum(scaledDotProductAttention(a as tf.Tensor4D, k, v, { mask }).output))([q]);
      }),
    );
  });
});
