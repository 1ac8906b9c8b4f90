// Plain references for the tests, written from the formulas with loops over plain arrays
// (float64), independent of the tensor code under test. Not exported from the package.
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@rimjs/core';

/** A seeded tensor of N(0, std^2) values (float32), from the test's own Rng. */
export function randn(shape: number[], seed: number, std = 1): tf.Tensor {
  const rng = new Rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: n }, () => std * rng.normal()), shape);
}

/** Nested arrays of a tensor, as numbers. */
export function arr(t: tf.Tensor): number[] {
  return Array.from(t.dataSync());
}

/** softmax of a row over the kept entries; an all-masked row is zeros. */
export function refSoftmaxRow(s: number[], keep?: boolean[]): number[] {
  const k = keep ?? s.map(() => true);
  const live = s.filter((_, i) => k[i] && s[i] !== -Infinity);
  if (live.length === 0) return s.map(() => 0);
  const m = Math.max(...live);
  const e = s.map((x, i) => (k[i] && x !== -Infinity ? Math.exp(x - m) : 0));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / z);
}

/**
 * softmax(scale * q k^T) v for one (batch, head): q [nq][dk], k [nk][dk], v [nk][dv].
 * keep [nq][nk] optional.
 */
export function refAttention(
  q: number[][],
  k: number[][],
  v: number[][],
  scale: number,
  keep?: boolean[][],
  add?: number[][],
): { out: number[][]; w: number[][] } {
  const w = q.map((qi, i) => {
    const s = k.map((kj, j) => scale * qi.reduce((acc, x, d) => acc + x * kj[d]!, 0) + (add ? add[i]![j]! : 0));
    return refSoftmaxRow(s, keep?.[i]);
  });
  const dv = v[0]!.length;
  const out = w.map((wi) => Array.from({ length: dv }, (_, d) => wi.reduce((acc, x, j) => acc + x * v[j]![d]!, 0)));
  return { out, w };
}

/** Splits a flat array of shape [a, b, c, d] into [a][b][c][d] nested arrays. */
export function nest4(flat: ArrayLike<number>, [a, b, c, d]: number[]): number[][][][] {
  return Array.from({ length: a! }, (_, i) =>
    Array.from({ length: b! }, (_, j) =>
      Array.from({ length: c! }, (_, k) => Array.from({ length: d! }, (_, l) => flat[((i * b! + j) * c! + k) * d! + l]!)),
    ),
  );
}

/** Largest |a - b| of two equal-length arrays. */
export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`maxDiff: lengths ${a.length} and ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}
