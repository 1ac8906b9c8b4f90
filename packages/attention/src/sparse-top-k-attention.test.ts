import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '@rimjs/core';
import { checkGradients, expectNoLeak, TEST_BACKENDS, useBackend } from '@rimjs/core/testing';
import { sparseTopKAttention } from './sparse-top-k-attention.js';
import { arr, maxDiff, randn } from './testing-internal/reference.js';

/** Keep the k largest (ties: lower index), divide by their sum. */
function refRenormalize(row: number[], k: number): number[] {
  const order = row.map((_, i) => i).sort((a, b) => row[b]! - row[a]! || a - b);
  const keep = new Set(order.slice(0, k));
  const total = row.reduce((s, x, i) => s + (keep.has(i) ? x : 0), 0);
  return row.map((x, i) => (keep.has(i) && total > 0 ? x / total : 0));
}

/** The official Sparse_attention(top_k = k), written from its source. */
function refOfficial(row: number[], k: number): number[] {
  const topK = k + 1;
  if (row.length <= topK) return row;
  const delta = [...row].sort((a, b) => b - a)[topK - 1]! + 10e-8;
  const w = row.map((x) => Math.max(x - delta, 0));
  const total = w.reduce((s, x) => s + x, 0) + 10e-8;
  return w.map((x) => x / total);
}

function softmaxRows(t: tf.Tensor): tf.Tensor {
  return tf.softmax(t);
}

describe.each(TEST_BACKENDS)('sparseTopKAttention on %s', (backend) => {
  let w: tf.Tensor;
  beforeAll(async () => {
    await useBackend(backend);
    w = softmaxRows(randn([2, 3, 4, 6], 11, 2)); // [batch, heads, nq, nk]
  });

  const rowsOf = (t: tf.Tensor) => {
    const flat = arr(t);
    const n = t.shape[t.rank - 1]!;
    return Array.from({ length: flat.length / n }, (_, i) => flat.slice(i * n, (i + 1) * n));
  };

  it('keeps the k best weights per row and renormalises', () => {
    for (const k of [1, 2, 3, 5]) {
      const got = sparseTopKAttention(w, k);
      expect(got.shape).toEqual(w.shape);
      expect(maxDiff(arr(got), rowsOf(w).flatMap((r) => refRenormalize(r, k)))).toBeLessThan(1e-6);
    }
    expect(arr(sparseTopKAttention(tf.tensor2d([[0.5, 0.2, 0.3]]), 2))).toEqual([0.625, 0, 0.375]);
  });

  it('returns the weights unchanged when k >= nk, and keeps zero rows zero', () => {
    expect(maxDiff(arr(sparseTopKAttention(w, 6)), arr(w))).toBe(0);
    expect(arr(sparseTopKAttention(tf.zeros([2, 4]), 2))).toEqual(Array(8).fill(0));
    // Ties: the lower index wins.
    expect(arr(sparseTopKAttention(tf.tensor2d([[0.25, 0.25, 0.25, 0.25]]), 2))).toEqual([0.5, 0.5, 0, 0]);
  });

  it("method 'official' computes the official Sparse_attention", () => {
    for (const k of [1, 2, 3, 4, 5]) {
      const got = sparseTopKAttention(w, k, { method: 'official' });
      expect(maxDiff(arr(got), rowsOf(w).flatMap((r) => refOfficial(r, k)))).toBeLessThan(1e-6);
    }
  });

  it('has finite-difference gradients (both methods)', () => {
    const x = randn([2, 6], 5);
    const R = randn([2, 6], 6);
    for (const method of ['renormalize', 'official'] as const) {
      const check = checkGradients((a) => tf.sum(tf.mul(sparseTopKAttention(tf.softmax(a), 3, { method }), R)) as tf.Scalar, [x], {
        eps: 1e-2,
      });
      expect(check.maxRelError).toBeLessThan(2e-2);
    }
  });

  it('checks k and method', () => {
    expect(() => sparseTopKAttention(w, 0)).toThrow(ConfigError);
    expect(() => sparseTopKAttention(w, 0)).toThrow('sparseTopKAttention.k: must be an integer in [1, ∞], got 0');
    expect(() => sparseTopKAttention(w, 2, { method: 'nope' as 'official' })).toThrow(/sparseTopKAttention.method: must be one of/);
  });

  it('does not leak', async () => {
    await expectNoLeak(() => sparseTopKAttention(w, 2).dispose());
    await expectNoLeak(() => sparseTopKAttention(w, 2, { method: 'official' }).dispose());
    await expectNoLeak(() => tf.tidy(() => {
      tf.grad((a: tf.Tensor) => tf.sum(sparseTopKAttention(a, 2)))(w);
    }));
  });
});
