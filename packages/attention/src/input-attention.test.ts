import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, Parameters, Rng, ShapeError } from '@rimjs/core';
import { checkGradients, expectNoLeak, TEST_BACKENDS, useBackend } from '@rimjs/core/testing';
import { InputAttention } from './input-attention.js';
import { type InputAttentionConfig, inputAttentionParamShapes, resolveInputAttentionConfig } from './input-attention-config.js';
import { inputAttentionStep, type InputAttentionWeights } from './input-attention-step.js';
import { topKMask } from './top-k-mask.js';
import { arr, maxDiff, randn } from './testing-internal/reference.js';

type W = Record<string, tf.Tensor>;

function randomWeights(config: InputAttentionConfig, seed: number, std = 0.5): W {
  const w: W = {};
  Object.entries(inputAttentionParamShapes(config)).forEach(([name, shape], i) => {
    w[name] = randn(shape, seed * 100 + i, std);
  });
  return w;
}

const pick = (t: tf.Tensor, i: number) =>
  t.rank === 3 ? tf.squeeze(tf.slice(t, [i, 0, 0], [1, -1, -1]), [0]) : t.rank === 2 && i >= 0 ? tf.squeeze(tf.slice(t, [i, 0], [1, -1]), [0]) : t;

/**
 * The RIM read step from its formula, unit by unit and slot by slot, the null slot an
 * explicit zero row: X = [0, x_1..x_n]; k_s = X_s W_k[s] (+ b_k[s]); w = softmax_s(q_u . k_s / sqrt(dk));
 * output_u = mean_h sum_s w_s v_s.
 */
function reference(config: InputAttentionConfig, w: W, states: tf.Tensor, input: tf.Tensor) {
  const r = resolveInputAttentionConfig(config);
  const batch = states.shape[0]!;
  const x = input.rank === 2 ? tf.expandDims(input, 1) : input;
  const slotsX = [tf.zeros([batch, r.inputSize]), ...Array.from({ length: r.numInputs }, (_, i) => tf.squeeze(tf.slice(x, [0, i, 0], [-1, 1, -1]), [1]))];
  const per = r.keyValue === 'perSlot';
  const proj = (xs: tf.Tensor, name: 'key' | 'value', s: number) => {
    const wt = w[`${name}.weight`]!;
    const y = tf.matMul(xs, per ? pick(wt, s) : wt);
    const b = w[`${name}.bias`];
    return b ? tf.add(y, per ? pick(b, s) : b) : y;
  };
  const ks = slotsX.map((xs, s) => proj(xs, 'key', s));
  const vs = slotsX.map((xs, s) => proj(xs, 'value', s));
  const outs: tf.Tensor[] = [];
  const weights: tf.Tensor[][] = Array.from({ length: r.heads }, () => []);
  for (let u = 0; u < r.units; u++) {
    const h = tf.squeeze(tf.slice(states, [0, u, 0], [-1, 1, -1]), [1]);
    let q = tf.matMul(h, pick(w['query.weight']!, u));
    if (w['query.bias']) q = tf.add(q, pick(w['query.bias'], u));
    const perHead: tf.Tensor[] = [];
    for (let hd = 0; hd < r.heads; hd++) {
      const qh = tf.slice(q, [0, hd * r.keyDim], [-1, r.keyDim]);
      const scores = tf.stack(ks.map((k) => tf.div(tf.sum(tf.mul(qh, tf.slice(k, [0, hd * r.keyDim], [-1, r.keyDim])), 1), Math.sqrt(r.keyDim))), 1);
      const e = tf.exp(tf.sub(scores, tf.max(scores, 1, true)));
      const p = tf.div(e, tf.sum(e, 1, true)); // [batch, slots]
      weights[hd]!.push(p);
      perHead.push(tf.addN(vs.map((v, s) => tf.mul(tf.slice(p, [0, s], [-1, 1]), tf.slice(v, [0, hd * r.valueDim], [-1, r.valueDim])))));
    }
    outs.push(tf.div(tf.addN(perHead), r.heads));
  }
  const wt = tf.stack(weights.map((pu) => tf.stack(pu, 1)), 1); // [batch, heads, units, slots]
  return { output: tf.stack(outs, 1), weights: wt, nullScore: tf.mean(tf.squeeze(tf.slice(wt, [0, 0, 0, 0], [-1, -1, -1, 1]), [3]), 1) };
}

const B = 3;
const CASES: Array<{ name: string; config: InputAttentionConfig; input: number[] }> = [
  { name: 'official (1 head, key 64, value 4*hk, per-slot, no bias)', config: { units: 3, querySize: 4, inputSize: 8 }, input: [B, 8] },
  {
    name: 'three input rows (CNN positions), two heads, per-slot with bias',
    config: { units: 2, querySize: 5, inputSize: 6, numInputs: 3, heads: 2, keyDim: 4, valueDim: 7, bias: true },
    input: [B, 3, 6],
  },
  {
    name: 'shared keys and values with bias, three heads',
    config: { units: 4, querySize: 3, inputSize: 5, numInputs: 2, heads: 3, keyDim: 2, valueDim: 4, keyValue: 'shared', bias: true },
    input: [B, 2, 5],
  },
];

describe.each(TEST_BACKENDS)('InputAttention on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  describe.each(CASES)('$name', ({ config, input: inputShape }) => {
    it('matches the slot-by-slot formula in values and gradients', () => {
      const w = randomWeights(config, 1);
      const states = randn([B, config.units, config.querySize], 2) as tf.Tensor3D;
      const input = randn(inputShape, 3) as tf.Tensor3D;
      const got = inputAttentionStep(config, w as unknown as InputAttentionWeights, states, input);
      const ref = reference(config, w, states, input);
      expect(got.output.shape).toEqual(ref.output.shape);
      expect(got.weights.shape).toEqual(ref.weights.shape);
      expect(got.nullScore.shape).toEqual([B, config.units]);
      expect(maxDiff(arr(got.output), arr(ref.output))).toBeLessThan(2e-5);
      expect(maxDiff(arr(got.weights), arr(ref.weights))).toBeLessThan(2e-6);
      expect(maxDiff(arr(got.nullScore), arr(ref.nullScore))).toBeLessThan(2e-6);

      const names = Object.keys(w);
      const R = randn(ref.output.shape, 4);
      const S = randn([B, config.units], 5);
      const loss = (f: typeof reference) => (...xs: tf.Tensor[]) => {
        const ww: W = {};
        names.forEach((n, i) => (ww[n] = xs[i + 2]!));
        const r = f(config, ww, xs[0]!, xs[1]!);
        return tf.add(tf.sum(tf.mul(r.output, R)), tf.sum(tf.mul(r.nullScore, S)));
      };
      const inputs = [states, input, ...names.map((n) => w[n]!)];
      const g = tf.grads(loss((c, ww, s, x) => inputAttentionStep(c, ww as unknown as InputAttentionWeights, s as tf.Tensor3D, x as tf.Tensor3D)))(inputs);
      const gr = tf.grads(loss(reference))(inputs);
      g.forEach((gi, i) => {
        const scale = Math.max(1, ...arr(gr[i]!).map(Math.abs));
        expect(maxDiff(arr(gi), arr(gr[i]!)) / scale, `gradient of input ${i}`).toBeLessThan(2e-5);
      });
    });
  });

  describe.each(CASES)('$name, projected once for several steps', ({ config, input: inputShape }) => {
    it('projectSlots + applySlots give what apply gives, bit for bit, and the same gradients', () => {
      const params = new Parameters(new Rng(11));
      const read = new InputAttention(params, config);
      const steps = 4;
      const xs = randn([steps * B, ...inputShape.slice(1)], 12) as tf.Tensor2D | tf.Tensor3D; // [steps*batch, ...]
      const states = Array.from({ length: steps }, (_, t) => randn([B, config.units, config.querySize], 20 + t) as tf.Tensor3D);
      const stepInput = (t: number) => tf.slice(xs, [t * B, ...inputShape.slice(1).map(() => 0)], [B, ...inputShape.slice(1)]) as tf.Tensor2D | tf.Tensor3D;
      const slotsOf = (t: number, all: { keys: tf.Tensor4D; values: tf.Tensor4D }) => ({
        keys: tf.slice(all.keys, [t * B, 0, 0, 0], [B, -1, -1, -1]) as tf.Tensor4D,
        values: tf.slice(all.values, [t * B, 0, 0, 0], [B, -1, -1, -1]) as tf.Tensor4D,
      });
      const loss = (projected: boolean) => () => {
        const all = projected ? read.projectSlots(xs) : null;
        const outs = states.map((h, t) => (all ? read.applySlots(h, slotsOf(t, all)) : read.apply(h, stepInput(t))));
        return tf.addN(outs.map((o, t) => tf.add(tf.sum(tf.mul(o.output, t + 1)), tf.sum(o.nullScore)))) as tf.Scalar;
      };
      const a = tf.variableGrads(loss(false), params.trainable());
      const b = tf.variableGrads(loss(true), params.trainable());
      expect(a.value.dataSync()[0]).toBe(b.value.dataSync()[0]);
      for (const name of Object.keys(a.grads)) {
        const scale = Math.max(1, ...arr(a.grads[name]!).map(Math.abs));
        expect(maxDiff(arr(a.grads[name]!), arr(b.grads[name]!)) / scale, name).toBeLessThan(1e-5);
      }
      params.dispose();
    });
  });

  it('applySlots names slots of the wrong shape', () => {
    const params = new Parameters(new Rng(13));
    const read = new InputAttention(params, { units: 3, querySize: 4, inputSize: 8 });
    const slots = read.projectSlots(tf.ones([2, 8]) as tf.Tensor2D);
    expect(slots.keys.shape).toEqual([2, 1, 64, 2]);
    expect(slots.values.shape).toEqual([2, 1, 2, 16]);
    expect(() => read.applySlots(tf.ones([3, 3, 4]) as tf.Tensor3D, slots)).toThrow(
      "InputAttention.applySlots: 'slots.keys' must be [batch, heads, keyDim, slots] = [3, 1, 64, 2], got [2, 1, 64, 2]",
    );
    expect(() => read.projectSlots(tf.ones([2, 7]) as tf.Tensor2D)).toThrow(ShapeError);
    params.dispose();
  });

  it('gives the null slot a key and value of exactly zero (no bias): its score is 0', () => {
    const config: InputAttentionConfig = { units: 3, querySize: 4, inputSize: 8 };
    const w = randomWeights(config, 7) as unknown as InputAttentionWeights;
    const states = randn([B, 3, 4], 8) as tf.Tensor3D;
    const x = randn([B, 8], 9) as tf.Tensor2D;
    const { weights, output } = inputAttentionStep(config, w, states, x);
    // w_null = e^0 / (e^0 + e^s1), s1 = q . k1 / 8, and output = w_1 * v_1.
    const wq = (w as unknown as W)['query.weight']!;
    const k1 = tf.matMul(x, pick((w as unknown as W)['key.weight']!, 1)); // [batch, 64]
    const v1 = tf.matMul(x, pick((w as unknown as W)['value.weight']!, 1)); // [batch, 16]
    const wt = weights.arraySync() as number[][][][];
    const out = output.arraySync() as number[][][];
    for (let u = 0; u < 3; u++) {
      const qu = tf.matMul(tf.squeeze(tf.slice(states, [0, u, 0], [-1, 1, -1]), [1]), pick(wq, u)); // [batch, 64]
      const s1 = arr(tf.div(tf.sum(tf.mul(qu, k1), 1), 8));
      const v1a = v1.arraySync() as number[][];
      for (let b = 0; b < B; b++) {
        const wNull = 1 / (1 + Math.exp(s1[b]!));
        expect(wt[b]![0]![u]![0]!).toBeCloseTo(wNull, 6);
        out[b]![u]!.forEach((o, d) => expect(o).toBeCloseTo((1 - wNull) * v1a[b]![d]!, 5));
      }
    }
    // The null slot's weights get exactly zero gradient.
    const g = tf.grads((wk: tf.Tensor, wv: tf.Tensor) =>
      tf.sum(inputAttentionStep(config, { ...w, 'key.weight': wk, 'value.weight': wv }, states, x).output),
    )([(w as unknown as W)['key.weight']!, (w as unknown as W)['value.weight']!]);
    for (const gi of g) {
      expect(arr(pick(gi!, 0)).every((v) => v === 0)).toBe(true);
      expect(arr(pick(gi!, 1)).some((v) => v !== 0)).toBe(true);
    }
  });

  it('ties every unit at step 0 (zero state): null score 1/2, and topKMask picks units 0 .. k-1', () => {
    const read = new InputAttention(new Parameters(new Rng(3)), { units: 6, querySize: 10, inputSize: 12 });
    const { nullScore, weights } = read.apply(tf.zeros([2, 6, 10]) as tf.Tensor3D, randn([2, 12], 4) as tf.Tensor2D);
    expect(arr(nullScore)).toEqual(Array(12).fill(0.5));
    expect(arr(weights)).toEqual(Array(24).fill(0.5));
    expect(topKMask(nullScore, 4, { largest: false }).arraySync()).toEqual([
      [1, 1, 1, 1, 0, 0],
      [1, 1, 1, 1, 0, 0],
    ]);
    read.dispose();
  });

  it('passes a finite-difference check', () => {
    const config: InputAttentionConfig = { units: 2, querySize: 3, inputSize: 4, keyDim: 5, valueDim: 3, numInputs: 2 };
    const w = randomWeights(config, 11) as unknown as InputAttentionWeights;
    const R = randn([2, 2, 3], 12);
    const check = checkGradients(
      (s, x, wq) => tf.sum(tf.mul(inputAttentionStep(config, { ...w, 'query.weight': wq! }, s as tf.Tensor3D, x as tf.Tensor3D).output, R)) as tf.Scalar,
      [randn([2, 2, 3], 13), randn([2, 2, 4], 14), (w as unknown as W)['query.weight']!],
      { samples: 8 },
    );
    expect(check.maxRelError).toBeLessThan(2e-2);
  });

  it('drops each unit\'s attended value in training (not the weights), by seed', () => {
    const config: InputAttentionConfig = { units: 3, querySize: 4, inputSize: 8, dropout: 0.5 };
    const w = randomWeights(config, 15) as unknown as InputAttentionWeights;
    const states = randn([4, 3, 4], 16) as tf.Tensor3D;
    const x = randn([4, 8], 17) as tf.Tensor2D;
    const ev = inputAttentionStep(config, w, states, x);
    const tr = inputAttentionStep(config, w, states, x, { training: true, seed: 9 });
    expect(arr(tr.weights)).toEqual(arr(ev.weights));
    expect(arr(tr.nullScore)).toEqual(arr(ev.nullScore));
    const e = arr(ev.output);
    let dropped = 0;
    arr(tr.output).forEach((t, i) => {
      if (t === 0) dropped++;
      else expect(t).toBeCloseTo(e[i]! * 2, 5);
    });
    expect(dropped).toBeGreaterThan(e.length * 0.3);
    expect(dropped).toBeLessThan(e.length * 0.7);
    expect(arr(inputAttentionStep(config, w, states, x, { training: true, seed: 9 }).output)).toEqual(arr(tr.output));
    expect(() => inputAttentionStep(config, w, states, x, { training: true })).toThrow(ConfigError);
  });

  it('creates its parameters under documented names (the official shapes)', () => {
    const params = new Parameters(new Rng(0));
    const read = new InputAttention(params.scope('input'), { units: 6, querySize: 100, inputSize: 600 });
    expect(Object.fromEntries(params.entries().map(([n, v]) => [n, v.shape]))).toEqual({
      'input.query.weight': [6, 100, 64],
      'input.key.weight': [2, 600, 64],
      'input.value.weight': [2, 600, 400],
    });
    const h = randn([2, 6, 100], 1) as tf.Tensor3D;
    const x = randn([2, 600], 2) as tf.Tensor2D;
    const a = read.apply(h, x);
    expect(a.output.shape).toEqual([2, 6, 400]);
    expect(a.nullScore.shape).toEqual([2, 6]);
    expect(a.weights.shape).toEqual([2, 1, 6, 2]);
    const b = inputAttentionStep({ units: 6, querySize: 100, inputSize: 600 }, read.weights(), h, x);
    expect(maxDiff(arr(a.output), arr(b.output))).toBe(0);
    read.dispose();
    expect(params.names()).toEqual([]);
  });

  it('names the argument or weight whose shape is wrong, and every config problem', () => {
    const config: InputAttentionConfig = { units: 3, querySize: 4, inputSize: 8, numInputs: 2 };
    const w = randomWeights(config, 1) as unknown as InputAttentionWeights;
    const s = tf.zeros([2, 3, 4]) as tf.Tensor3D;
    expect(() => inputAttentionStep(config, w, tf.zeros([2, 4, 4]) as tf.Tensor3D, tf.zeros([2, 2, 8]) as tf.Tensor3D)).toThrow(ShapeError);
    expect(() => inputAttentionStep(config, w, tf.zeros([2, 4, 4]) as tf.Tensor3D, tf.zeros([2, 2, 8]) as tf.Tensor3D)).toThrow(
      "inputAttentionStep: 'states' must be [batch, units, querySize] = [?, 3, 4], got [2, 4, 4]",
    );
    expect(() => inputAttentionStep(config, w, s, tf.zeros([2, 8]) as tf.Tensor2D)).toThrow(
      "inputAttentionStep: 'input' must be [batch, numInputs, inputSize] = [2, 2, 8], got [2, 8]",
    );
    expect(() => inputAttentionStep(config, w, s, tf.zeros([2, 2, 7]) as tf.Tensor3D)).toThrow(
      "inputAttentionStep: 'input' must be [batch, numInputs, inputSize] = [2, 2, 8], got [2, 2, 7]",
    );
    expect(() => inputAttentionStep({ units: 3, querySize: 4, inputSize: 8 }, randomWeights({ units: 3, querySize: 4, inputSize: 8 }, 2) as unknown as InputAttentionWeights, s, tf.zeros([3, 8]) as tf.Tensor2D)).toThrow(
      "inputAttentionStep: 'input' must be [batch, inputSize] = [2, 8], got [3, 8]",
    );
    expect(() => inputAttentionStep(config, { ...w, 'value.weight': tf.zeros([3, 8, 15]) }, s, tf.zeros([2, 2, 8]) as tf.Tensor3D)).toThrow(
      "inputAttentionStep: 'weights.value.weight' must be [3, 8, 16], got [3, 8, 15]",
    );
    expect(() => inputAttentionStep(config, { ...w, 'key.bias': tf.zeros([3, 64]) }, s, tf.zeros([2, 2, 8]) as tf.Tensor3D)).toThrow(
      "inputAttentionStep: 'weights' has 'key.bias', which this config does not use (uses: query.weight, key.weight, value.weight)",
    );
    let err: ConfigError | undefined;
    try {
      resolveInputAttentionConfig({ units: 3, querySize: 0, inputSize: 8, keyValue: 'perUnit' as 'shared', dropout: -0.1 });
    } catch (e) {
      err = e as ConfigError;
    }
    expect(err!.problems).toEqual([
      'InputAttentionConfig.querySize: must be an integer in [1, ∞], got 0',
      'InputAttentionConfig.valueDim: must be an integer in [1, ∞], got 0',
      'InputAttentionConfig.keyValue: must be one of "perSlot" | "shared", got "perUnit"',
      'InputAttentionConfig.dropout: must be a number in [0, 1), got -0.1',
    ]);
  });

  it('does not leak, forward and backward', async () => {
    const params = new Parameters(new Rng(2));
    const read = new InputAttention(params, { units: 3, querySize: 4, inputSize: 8, numInputs: 2, heads: 2, bias: true });
    const h = randn([2, 3, 4], 1) as tf.Tensor3D;
    const x = randn([2, 2, 8], 2) as tf.Tensor3D;
    await expectNoLeak(() => {
      const r = read.apply(h, x, { training: true, seed: 4 });
      r.output.dispose();
      r.nullScore.dispose();
      r.weights.dispose();
    });
    await expectNoLeak(() =>
      tf.tidy(() => {
        tf.variableGrads(() => tf.sum(read.apply(h, x, { training: true, seed: 4 }).output) as tf.Scalar, params.trainable());
      }),
    );
    read.dispose();
  });
});
