import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, Parameters, Rng, ShapeError } from '@rimjs/core';
import { checkGradients, expectNoLeak, TEST_BACKENDS, useBackend } from '@rimjs/core/testing';
import { MultiHeadAttention } from './multi-head-attention.js';
import { multiHeadAttentionParamShapes, type MultiHeadAttentionConfig, resolveMultiHeadAttentionConfig } from './multi-head-attention-config.js';
import { multiHeadAttentionStep, type MultiHeadAttentionWeights } from './multi-head-attention-step.js';
import { arr, maxDiff, randn } from './testing-internal/reference.js';

type W = Record<string, tf.Tensor>;

function randomWeights(config: MultiHeadAttentionConfig, seed: number): W {
  const w: W = {};
  Object.entries(multiHeadAttentionParamShapes(config)).forEach(([name, shape], i) => {
    w[name] = randn(shape, seed * 100 + i, 0.5);
  });
  return w;
}

/** row u of a [batch, n, d] tensor: [batch, d] */
const row = (x: tf.Tensor, u: number) => tf.squeeze(tf.slice(x, [0, u, 0], [-1, 1, -1]), [1]);
const cols = (x: tf.Tensor, from: number, size: number) => tf.slice(x, [0, from], [-1, size]);
/** x [batch, in] through a shared ([in, out]) or per-row ([n, in, out]) weight, row i. */
function lin(x: tf.Tensor, w: tf.Tensor, b: tf.Tensor | undefined, i: number): tf.Tensor {
  const wi = w.rank === 3 ? tf.squeeze(tf.slice(w, [i, 0, 0], [1, -1, -1]), [0]) : w;
  const y = tf.matMul(x, wi);
  if (!b) return y;
  return tf.add(y, b.rank === 2 ? tf.squeeze(tf.slice(b, [i, 0], [1, -1]), [0]) : b);
}

/**
 * The formula, unit by unit and head by head, in plain ops:
 * a_u = concat_h sum_s softmax_s(scale q_uh . k_sh) v_sh; then the output map; then + queries.
 */
function reference(config: MultiHeadAttentionConfig, w: W, queries: tf.Tensor, kv?: tf.Tensor): { output: tf.Tensor; weights: tf.Tensor } {
  const r = resolveMultiHeadAttentionConfig(config);
  const keys = kv ?? queries;
  const [, units] = queries.shape as number[];
  const slots = keys.shape[1]!;
  const qs = Array.from({ length: units! }, (_, u) => lin(row(queries, u), w['query.weight']!, w['query.bias'], u));
  const ks = Array.from({ length: slots }, (_, s) => lin(row(keys, s), w['key.weight']!, w['key.bias'], s));
  const vs = Array.from({ length: slots }, (_, s) => lin(row(keys, s), w['value.weight']!, w['value.bias'], s));
  const outs: tf.Tensor[] = [];
  const weightsPerHead: tf.Tensor[][] = Array.from({ length: r.heads }, () => []);
  for (let u = 0; u < units!; u++) {
    const heads: tf.Tensor[] = [];
    for (let h = 0; h < r.heads; h++) {
      const qh = cols(qs[u]!, h * r.keyDim, r.keyDim); // [batch, keyDim]
      const scores = tf.stack(ks.map((k) => tf.mul(tf.sum(tf.mul(qh, cols(k, h * r.keyDim, r.keyDim)), 1), r.scale)), 1); // [batch, slots]
      const e = tf.exp(tf.sub(scores, tf.max(scores, 1, true)));
      let p = tf.div(e, tf.sum(e, 1, true)); // [batch, slots]
      if (r.sparseTopK !== undefined && r.sparseTopK < slots) {
        // keep the k largest per row (no ties in random data), renormalise
        const rows = p.arraySync() as number[][];
        const kth = tf.tensor2d(rows.map((x) => [[...x].sort((a, b) => b - a)[r.sparseTopK! - 1]!])); // a constant [batch, 1]
        const keep = tf.cast(tf.greaterEqual(p, kth), 'float32');
        p = tf.div(tf.mul(p, keep), tf.sum(tf.mul(p, keep), 1, true));
      }
      weightsPerHead[h]!.push(p);
      const a = vs.map((v, s) => tf.mul(tf.slice(p, [0, s], [-1, 1]), cols(v, h * r.valueDim, r.valueDim)));
      heads.push(tf.addN(a)); // [batch, valueDim]
    }
    const a = tf.concat(heads, 1); // [batch, heads*valueDim]
    let out: tf.Tensor;
    if (r.output === 'gated') {
      out = tf.mul(tf.sigmoid(lin(a, w['gate.weight']!, w['gate.bias'], u)), tf.tanh(lin(a, w['fc.weight']!, w['fc.bias'], u)));
    } else if (r.output === 'none') out = a;
    else out = lin(a, w['output.weight']!, w['output.bias'], u);
    if (r.residual) out = tf.add(out, row(queries, u));
    outs.push(out);
  }
  return {
    output: tf.stack(outs, 1),
    weights: tf.stack(weightsPerHead.map((perUnit) => tf.stack(perUnit, 1)), 1), // [batch, heads, units, slots]
  };
}

const B = 3;
const CASES: Array<{ name: string; config: MultiHeadAttentionConfig; cross?: number[] }> = [
  { name: 'official communication (defaults: 4 heads of 16, per-unit, gated, residual)', config: { units: 3, querySize: 8 } },
  {
    name: 'shared projections with bias, shared output, no residual',
    config: { units: 3, querySize: 5, heads: 2, keyDim: 4, valueDim: 3, projection: 'shared', bias: true, output: 'shared', outputSize: 7, residual: false },
  },
  {
    name: 'cross-attention to 4 slots, per-unit output with bias',
    config: { units: 3, querySize: 5, keySize: 6, slots: 4, heads: 2, keyDim: 4, valueDim: 3, bias: true, output: 'perUnit', residual: true },
    cross: [B, 4, 6],
  },
  {
    name: "output 'none', one head, sparse top-2",
    config: { units: 4, querySize: 6, heads: 1, keyDim: 5, valueDim: 6, output: 'none', residual: true, sparseTopK: 2 },
  },
];

describe.each(TEST_BACKENDS)('MultiHeadAttention on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  describe.each(CASES)('$name', ({ config, cross }) => {
    it('matches the unit-by-unit formula in values and gradients', () => {
      const w = randomWeights(config, 1);
      const queries = randn([B, config.units, config.querySize], 2) as tf.Tensor3D;
      const kv = cross ? (randn(cross, 3) as tf.Tensor3D) : undefined;
      const got = multiHeadAttentionStep(config, w as unknown as MultiHeadAttentionWeights, queries, kv);
      const ref = reference(config, w, queries, kv);
      expect(got.output.shape).toEqual(ref.output.shape);
      expect(got.weights.shape).toEqual(ref.weights.shape);
      expect(maxDiff(arr(got.output), arr(ref.output))).toBeLessThan(2e-5);
      expect(maxDiff(arr(got.weights), arr(ref.weights))).toBeLessThan(2e-6);

      const names = Object.keys(w);
      const R = randn(ref.output.shape, 4);
      const inputs = [queries, ...(kv ? [kv] : []), ...names.map((n) => w[n]!)];
      const unpack = (xs: tf.Tensor[]) => {
        const q = xs[0] as tf.Tensor3D;
        const k = kv ? (xs[1] as tf.Tensor3D) : undefined;
        const ww: W = {};
        names.forEach((n, i) => (ww[n] = xs[i + (kv ? 2 : 1)]!));
        return { q, k, ww };
      };
      const g = tf.grads((...xs: tf.Tensor[]) => {
        const { q, k, ww } = unpack(xs);
        return tf.sum(tf.mul(multiHeadAttentionStep(config, ww as unknown as MultiHeadAttentionWeights, q, k).output, R));
      })(inputs);
      const gr = tf.grads((...xs: tf.Tensor[]) => {
        const { q, k, ww } = unpack(xs);
        return tf.sum(tf.mul(reference(config, ww, q, k).output, R));
      })(inputs);
      g.forEach((gi, i) => {
        const scale = Math.max(1, ...arr(gr[i]!).map(Math.abs));
        expect(maxDiff(arr(gi), arr(gr[i]!)) / scale, `gradient of input ${i}`).toBeLessThan(2e-5);
      });
    });
  });

  it('passes a finite-difference check (official configuration)', () => {
    const config: MultiHeadAttentionConfig = { units: 3, querySize: 4, heads: 2, keyDim: 3 };
    const w = randomWeights(config, 5);
    const queries = randn([2, 3, 4], 6);
    const R = randn([2, 3, 4], 7);
    const check = checkGradients(
      (q, wq, fc) =>
        tf.sum(tf.mul(multiHeadAttentionStep(config, { ...w, 'query.weight': wq!, 'fc.weight': fc! } as unknown as MultiHeadAttentionWeights, q as tf.Tensor3D).output, R)) as tf.Scalar,
      [queries, w['query.weight']!, w['fc.weight']!],
      { samples: 8 },
    );
    expect(check.maxRelError).toBeLessThan(2e-2);
  });

  it('creates its parameters under documented names, with the official initialisation', () => {
    const params = new Parameters(new Rng(0));
    const comm = new MultiHeadAttention(params.scope('comm'), { units: 6, querySize: 100 });
    const shapes = Object.fromEntries(params.entries().map(([n, v]) => [n, v.shape]));
    expect(shapes).toEqual({
      'comm.query.weight': [6, 100, 64],
      'comm.key.weight': [6, 100, 64],
      'comm.value.weight': [6, 100, 64],
      'comm.fc.weight': [64, 100],
      'comm.fc.bias': [100],
      'comm.gate.weight': [64, 100],
      'comm.gate.bias': [100],
    });
    const q = arr(params.get('comm.query.weight'));
    const std = Math.sqrt(q.reduce((s, x) => s + x * x, 0) / q.length);
    expect(std).toBeGreaterThan(0.0095);
    expect(std).toBeLessThan(0.0105);
    for (const name of ['comm.fc.weight', 'comm.fc.bias', 'comm.gate.bias']) {
      const v = arr(params.get(name));
      expect(Math.max(...v.map(Math.abs))).toBeLessThanOrEqual(1 / 8); // U(+-1/sqrt(64)), PyTorch Linear
      expect(Math.max(...v.map(Math.abs))).toBeGreaterThan(0.1);
    }
    // The class and the functional form compute the same thing.
    const h = randn([2, 6, 100], 9) as tf.Tensor3D;
    const a = comm.apply(h);
    const b = multiHeadAttentionStep({ units: 6, querySize: 100 }, comm.weights(), h);
    expect(maxDiff(arr(a.output), arr(b.output))).toBe(0);
    expect(a.weights.shape).toEqual([2, 4, 6, 6]);
    // Importing a weight by name.
    params.set('comm.fc.bias', tf.fill([100], 0.5));
    expect(arr(comm.weights()['fc.bias']!)[0]).toBe(0.5);
    comm.dispose();
    expect(params.names()).toEqual([]);
  });

  it('drops only the fc branch of the gated output, in training, by seed', () => {
    const config: MultiHeadAttentionConfig = { units: 3, querySize: 8, dropout: 0.5 };
    const w = randomWeights(config, 8) as unknown as MultiHeadAttentionWeights;
    const h = randn([4, 3, 8], 10) as tf.Tensor3D;
    const train = multiHeadAttentionStep(config, w, h, undefined, { training: true, seed: 5 }).output;
    const again = multiHeadAttentionStep(config, w, h, undefined, { training: true, seed: 5 }).output;
    expect(arr(train)).toEqual(arr(again));
    // Each element of output - h is 0 (fc dropped: tanh(0) = 0) or sigmoid(gate(a)) * tanh(2 fc(a)).
    const wr = w as unknown as W;
    const ref = reference({ ...config }, { ...wr, 'fc.weight': tf.mul(wr['fc.weight']!, 2), 'fc.bias': tf.mul(wr['fc.bias']!, 2) }, h);
    const delta = arr(tf.sub(train, h));
    const kept = arr(tf.sub(ref.output, h));
    let dropped = 0;
    delta.forEach((d, i) => {
      if (d === 0) dropped++;
      else expect(Math.abs(d - kept[i]!)).toBeLessThan(1e-5);
    });
    expect(dropped).toBeGreaterThan(delta.length * 0.3);
    expect(dropped).toBeLessThan(delta.length * 0.7);
    const evalOut = multiHeadAttentionStep(config, w, h).output;
    expect(maxDiff(arr(evalOut), arr(reference(config, wr, h).output))).toBeLessThan(2e-5);
    expect(() => multiHeadAttentionStep(config, w, h, undefined, { training: true })).toThrow(
      "multiHeadAttentionStep: 'seed' is required when training with dropout 0.5 > 0",
    );
  });

  it('passes masks to the attention (a unit attending only to itself)', () => {
    const config: MultiHeadAttentionConfig = { units: 3, querySize: 8 };
    const w = randomWeights(config, 2) as unknown as MultiHeadAttentionWeights;
    const h = randn([2, 3, 8], 3) as tf.Tensor3D;
    const { weights } = multiHeadAttentionStep(config, w, h, undefined, { mask: tf.eye(3) });
    const eye = arr(tf.tile(tf.reshape(tf.eye(3), [1, 1, 3, 3]), [2, 4, 1, 1]));
    expect(maxDiff(arr(weights), eye)).toBeLessThan(1e-6);
    expect(() => multiHeadAttentionStep(config, w, h, undefined, { mask: tf.ones([4, 3]) })).toThrow(
      "multiHeadAttentionStep: 'mask' must broadcast to [batch, heads, units, slots] = [2, 4, 3, 3], got [4, 3]",
    );
  });

  it('names the argument or weight whose shape is wrong', () => {
    const config: MultiHeadAttentionConfig = { units: 3, querySize: 8, keySize: 5, slots: 2 };
    const w = randomWeights(config, 2) as unknown as MultiHeadAttentionWeights;
    const q = tf.zeros([2, 3, 8]) as tf.Tensor3D;
    expect(() => multiHeadAttentionStep(config, w, tf.zeros([2, 4, 8]) as tf.Tensor3D, tf.zeros([2, 2, 5]) as tf.Tensor3D)).toThrow(ShapeError);
    expect(() => multiHeadAttentionStep(config, w, tf.zeros([2, 4, 8]) as tf.Tensor3D, tf.zeros([2, 2, 5]) as tf.Tensor3D)).toThrow(
      "multiHeadAttentionStep: 'queries' must be [batch, units, querySize] = [?, 3, 8], got [2, 4, 8]",
    );
    expect(() => multiHeadAttentionStep(config, w, q, tf.zeros([2, 3, 5]) as tf.Tensor3D)).toThrow(
      "multiHeadAttentionStep: 'keysValues' must be [batch, slots, keySize] = [2, 2, 5], got [2, 3, 5]",
    );
    expect(() => multiHeadAttentionStep(config, w, q)).toThrow(/'keysValues' is required unless keySize = querySize/);
    expect(() => multiHeadAttentionStep(config, { ...w, 'key.weight': tf.zeros([2, 5, 63]) }, q, tf.zeros([2, 2, 5]) as tf.Tensor3D)).toThrow(
      "multiHeadAttentionStep: 'weights.key.weight' must be [2, 5, 64], got [2, 5, 63]",
    );
    const { 'gate.bias': _, ...noGateBias } = w;
    expect(() => multiHeadAttentionStep(config, noGateBias, q, tf.zeros([2, 2, 5]) as tf.Tensor3D)).toThrow(
      "multiHeadAttentionStep: 'weights' is missing 'gate.bias' [8]",
    );
    const comm = new MultiHeadAttention(new Parameters(new Rng(1)), { units: 3, querySize: 8 });
    expect(() => comm.apply(tf.zeros([2, 3, 7]) as tf.Tensor3D)).toThrow(
      "MultiHeadAttention.apply: 'queries' must be [batch, units, querySize] = [?, 3, 8], got [2, 3, 7]",
    );
    comm.dispose();
    // Shared everything: any number of rows.
    const shared: MultiHeadAttentionConfig = { units: 3, querySize: 8, projection: 'shared' };
    const ws = randomWeights(shared, 3) as unknown as MultiHeadAttentionWeights;
    expect(multiHeadAttentionStep(shared, ws, tf.zeros([2, 5, 8]) as tf.Tensor3D).output.shape).toEqual([2, 5, 8]);
  });

  it('collects every config problem, field first', () => {
    let err: ConfigError | undefined;
    try {
      resolveMultiHeadAttentionConfig({ units: 0, querySize: 8, heads: 2.5, outputSize: 7, dropout: 1, output: 'linear' as 'none' });
    } catch (e) {
      err = e as ConfigError;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect(err!.problems).toEqual([
      'MultiHeadAttentionConfig.units: must be an integer in [1, ∞], got 0',
      'MultiHeadAttentionConfig.slots: must be an integer in [1, ∞], got 0',
      'MultiHeadAttentionConfig.heads: must be an integer in [1, ∞], got 2.5',
      'MultiHeadAttentionConfig.output: must be one of "none" | "shared" | "perUnit" | "gated", got "linear"',
      'MultiHeadAttentionConfig.dropout: must be a number in [0, 1), got 1',
      'MultiHeadAttentionConfig.outputSize: must equal querySize = 8 when residual is true, got 7',
    ]);
    expect(() => resolveMultiHeadAttentionConfig({ units: 2, querySize: 4, head: 2 } as MultiHeadAttentionConfig)).toThrow(
      /MultiHeadAttentionConfig.head: unknown field/,
    );
    expect(() => resolveMultiHeadAttentionConfig({ units: 2, querySize: 4, output: 'none', residual: false, outputSize: 5 })).toThrow(
      "MultiHeadAttentionConfig.outputSize: must be heads * valueDim = 64 when output is 'none', got 5",
    );
  });

  it('does not leak, forward and backward', async () => {
    const params = new Parameters(new Rng(2));
    const comm = new MultiHeadAttention(params, { units: 3, querySize: 8, sparseTopK: 2 });
    const h = randn([2, 3, 8], 1) as tf.Tensor3D;
    await expectNoLeak(() => {
      const r = comm.apply(h, undefined, { training: true, seed: 3 });
      r.output.dispose();
      r.weights.dispose();
    });
    await expectNoLeak(() =>
      tf.tidy(() => {
        tf.variableGrads(() => tf.sum(comm.apply(h, undefined, { training: true, seed: 3 }).output) as tf.Scalar, params.trainable());
      }),
    );
    comm.dispose();
  });
});
