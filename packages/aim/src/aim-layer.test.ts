import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, Parameters, Rng, ShapeError } from '@rimjs/core';
import { checkGradients, expectNoLeak, maxAbsDiff, TEST_BACKENDS, useBackend } from '@rimjs/core/testing';
import { AimLayer, type AimConfig, type AimResult, type AimWeights, aimForward, type StochasticSelection } from './index.js';
import { referenceAim, type ReferenceAimResult } from './test-support/reference-aim.js';

const randn = (shape: number[], seed: number, std = 1): tf.Tensor => tf.randomNormal(shape, 0, std, 'float32', seed);

const FEW: AimConfig = { variant: 'fewshot', inputSize: 6, numUnits: 5, topK: 2, hiddenSize: 4, keySize: 3, valueSize: 4, heads: 2 };
const CONT: AimConfig = { ...FEW, variant: 'continual' };

function makeLayer(config: AimConfig, seed = 1): AimLayer {
  return new AimLayer(new Parameters(new Rng(seed)).scope('aim'), config);
}

describe.each(TEST_BACKENDS)('AimLayer on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  const cases: Array<[string, AimConfig, StochasticSelection | undefined]> = [
    ['fewshot, hard top-2, 2 heads', FEW, undefined],
    ['fewshot, 1 head, stochastic 2 of top 4', { ...FEW, heads: 1 }, { candidates: 4, positions: [3, 1] }],
    ['continual, hard top-2, 2 heads (L2-normalised)', CONT, undefined],
    ['continual, stochastic 2 of top 3, not normalised', { ...CONT, normalizeOutput: false }, { candidates: 3, positions: [0, 2] }],
  ];

  it.each(cases)('equals the slow per-example reference in values, selection and gradients (%s)', (_, config, stochastic) => {
    const layer = makeLayer(config);
    const x = tf.variable(randn([5, 6], 7)) as tf.Variable<tf.Rank.R2>;
    const vars = [x, ...Object.values(layer.weights())] as tf.Variable[];
    const probe = randn([5, 4], 8);
    const run = (fast: boolean): { res: AimResult | ReferenceAimResult; grads: tf.Tensor[] } =>
      tf.tidy(() => {
        const forward = () => fast ? aimForward(layer.config, layer.weights(), x, { stochastic }) : referenceAim(layer.config, layer.weights(), x, stochastic);
        const res = forward();
        const { grads } = tf.variableGrads(() => tf.sum(tf.mul(forward().output, probe)) as tf.Scalar, vars);
        return { res, grads: vars.map((v) => grads[v.name]!) } as unknown as tf.TensorContainer;
      }) as unknown as { res: AimResult | ReferenceAimResult; grads: tf.Tensor[] };
    const fast = run(true);
    const ref = run(false);
    const fastRes = fast.res as AimResult;
    expect(fastRes.output.shape).toEqual([5, 4]);
    expect(maxAbsDiff(fastRes.output, ref.res.output)).toBeLessThan(1e-5);
    expect(maxAbsDiff(fastRes.scores, ref.res.scores)).toBeLessThan(1e-5);
    const mask = fastRes.mask.arraySync();
    mask.forEach((row, b) => expect(row.flatMap((v, m) => (v === 1 ? [m] : []))).toEqual((ref.res as ReferenceAimResult).selected[b]));
    fast.grads.forEach((g, i) => {
      expect(g.shape).toEqual(ref.grads[i]!.shape);
      expect(maxAbsDiff(g, ref.grads[i]!)).toBeLessThan(1e-4);
    });
    if (config.variant === 'fewshot') {
      expect(fastRes.attention!.shape).toEqual([5, 5, 2]);
      expect(maxAbsDiff(tf.sum(fastRes.attention!, 2), tf.ones([5, 5]))).toBeLessThan(1e-6);
    } else {
      expect(fastRes.attention).toBeUndefined();
    }
    if (layer.config.normalizeOutput) expect(maxAbsDiff(tf.norm(fastRes.output, 2, 1), tf.ones([5]))).toBeLessThan(1e-5);
    tf.dispose([fast.res, ref.res, fast.grads, ref.grads, x, probe] as unknown as tf.Tensor[]);
    layer.dispose();
  });

  it('few-shot not-null score is sigmoid(<q_m, x W^K> / sqrt(d_k)): the key bias cancels (closed form, 1 head)', () => {
    const config = { ...FEW, heads: 1 };
    const layer = makeLayer(config, 3);
    const w = layer.weights();
    tf.tidy(() => {
      const x = randn([4, 6], 9) as tf.Tensor2D;
      const q = tf.squeeze(tf.matMul(tf.expandDims(w.states, 1), w['query.weight']), [1]); // [M, dk]
      const closed = tf.sigmoid(tf.div(tf.matMul(tf.matMul(x, w['key.weight'] as tf.Tensor2D), q, false, true), Math.sqrt(3)));
      expect(maxAbsDiff(layer.forward(x).scores, closed)).toBeLessThan(1e-6);
      // the bias matters in the continual variant: zero it there and the scores change
    });
    layer.dispose();
  });

  it('selects the top-k of the attention scores, ties to the lower index', () => {
    tf.tidy(() => {
      const layer = makeLayer({ ...CONT, numUnits: 8, topK: 3 }, 4);
      const x = randn([16, 6], 10) as tf.Tensor2D;
      const { scores, mask } = layer.forward(x);
      const s = scores.arraySync();
      mask.arraySync().forEach((row, b) => {
        const top = s[b]!.map((v, i) => ({ v, i })).sort((p, q) => q.v - p.v || p.i - q.i).slice(0, 3).map((p) => p.i).sort();
        expect(row.flatMap((v, m) => (v === 1 ? [m] : []))).toEqual(top);
      });
      // all-equal scores (zero states): mechanisms 0..k-1 win, in both variants
      for (const variant of ['fewshot', 'continual'] as const) {
        const tie = makeLayer({ ...FEW, variant, numUnits: 8, topK: 3 }, 5);
        tie.weights().states.assign(tf.zeros([8, 4]));
        expect(tie.forward(x).mask.arraySync()).toEqual(Array.from({ length: 16 }, () => [1, 1, 1, 0, 0, 0, 0, 0]));
        tie.dispose();
      }
      layer.dispose();
    });
  });

  it('gives exactly zero gradient to the value weights, queries and states of unselected mechanisms, per example', () => {
    for (const config of [FEW, CONT]) {
      const layer = makeLayer({ ...config, numUnits: 6, topK: 2 }, 6);
      const w = layer.weights() as Record<string, tf.Variable>;
      tf.tidy(() => {
        const x = randn([1, 6], 11) as tf.Tensor2D;
        const mask = layer.forward(x).mask.arraySync()[0]!;
        const { grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.forward(x).output, randn([1, 4], 12))) as tf.Scalar,
          [w['value.weight']!, w['query.weight']!, w.states!]);
        for (const name of ['value.weight', 'query.weight', 'states']) {
          const g = grads[w[name]!.name]!.arraySync() as number[][] | number[][][];
          mask.forEach((on, m) => {
            const flat = (g[m] as number[] | number[][]).flat();
            if (on === 1) expect(flat.some((v) => v !== 0)).toBe(true);
            else expect(flat.every((v) => v === 0)).toBe(true);
          });
        }
      });
      layer.dispose();
    }
  });

  it('matches central finite differences (all mechanisms selected, so no selection flips)', () => {
    for (const config of [FEW, CONT]) {
      const layer = makeLayer({ ...config, topK: 5 }, 2);
      const w = layer.weights();
      const names = Object.keys(w) as Array<keyof AimWeights>;
      const x = randn([3, 6], 13);
      const probe = randn([3, 4], 14);
      const f = (...xs: tf.Tensor[]): tf.Scalar => {
        const ws = Object.fromEntries(names.map((n, i) => [n, xs[i + 1]!])) as unknown as AimWeights;
        return tf.sum(tf.mul(aimForward(layer.config, ws, xs[0] as tf.Tensor2D).output, probe)) as tf.Scalar;
      };
      const check = checkGradients(f, [x, ...names.map((n) => w[n])], { samples: 8 });
      expect(check.maxRelError).toBeLessThan(2e-2);
      tf.dispose([x, probe]);
      layer.dispose();
    }
  });

  it('leaks nothing in forward and under gradients', async () => {
    const layer = makeLayer(FEW);
    const x = randn([3, 6], 15) as tf.Tensor2D;
    await expectNoLeak(() => tf.dispose(Object.values(layer.forward(x, { stochastic: { candidates: 3, positions: [2, 0] } }))), { label: 'forward' });
    await expectNoLeak(() => {
      const { value, grads } = tf.variableGrads(() => tf.sum(layer.forward(x).output) as tf.Scalar);
      tf.dispose([value, ...Object.values(grads)]);
    }, { label: 'grads' });
    x.dispose();
    layer.dispose();
  });
});

describe('AimLayer: init, seeds, errors', () => {
  beforeAll(() => useBackend('cpu'));

  it('initialises as the official code and the same seed gives the same weights', () => {
    const big: AimConfig = { variant: 'fewshot', inputSize: 200, numUnits: 8, topK: 2, hiddenSize: 50, keySize: 64, valueSize: 30 };
    const a = makeLayer(big, 1);
    const b = makeLayer(big, 1);
    const c = makeLayer({ ...big, variant: 'continual' }, 1);
    const std = (t: tf.Tensor) => tf.tidy(() => Math.sqrt(tf.moments(t).variance.dataSync()[0]!));
    const wa = a.weights();
    expect(std(wa.states)).toBeCloseTo(1, 1);
    expect(std(wa['query.weight']) / Math.sqrt(2 / 50)).toBeCloseTo(1, 1);
    expect(std(wa['key.weight']) / Math.sqrt(2 / 200)).toBeCloseTo(1, 1);
    expect(std(wa['value.weight']) / Math.sqrt(2 / 200)).toBeCloseTo(1, 1);
    const bias = wa['key.bias'].dataSync();
    expect(Math.max(...bias.map(Math.abs))).toBeLessThanOrEqual(1 / Math.sqrt(200));
    expect(Math.max(...bias.map(Math.abs))).toBeGreaterThan(0.5 / Math.sqrt(200));
    expect(c.weights()['key.bias'].dataSync().every((v) => v === 0)).toBe(true);
    for (const name of Object.keys(wa) as Array<keyof AimWeights>) expect(maxAbsDiff(wa[name], b.weights()[name])).toBe(0);
    expect(maxAbsDiff(wa.states, makeLayer(big, 2).weights().states)).toBeGreaterThan(0.1);
    expect(a.params.count()).toBe(8 * 50 + 8 * 50 * 64 + 200 * 64 + 64 + 8 * 200 * 30);
    [a, b, c].forEach((l) => l.dispose());
  });

  it('throws typed errors naming the field or argument', () => {
    expect(() => makeLayer({ ...FEW, topK: 6 })).toThrow(ConfigError);
    expect(() => makeLayer({ ...FEW, topK: 6 })).toThrow('AimConfig.topK: must be an integer in [1, numUnits = 5], got 6');
    expect(() => makeLayer({ ...FEW, variant: 'meta' as 'fewshot', keySize: 0 })).toThrow(/AimConfig.variant: must be one of "fewshot" \| "continual", got "meta"[\s\S]*AimConfig.keySize/);
    expect(() => makeLayer({ ...FEW, topk: 2 } as AimConfig)).toThrow('AimConfig.topk: unknown field');
    const layer = makeLayer(FEW);
    tf.tidy(() => {
      expect(() => layer.forward(tf.zeros([2, 5]) as tf.Tensor2D)).toThrow(ShapeError);
      expect(() => layer.forward(tf.zeros([2, 5]) as tf.Tensor2D)).toThrow("aimForward: 'x' must be [batch, inputSize] = [?, 6], got [2, 5]");
      const x = tf.zeros([2, 6]) as tf.Tensor2D;
      expect(() => layer.forward(x, { stochastic: { candidates: 6, positions: [0, 1] } })).toThrow('candidates: must be an integer in [2, numUnits = 5], got 6');
      expect(() => layer.forward(x, { stochastic: { candidates: 4, positions: [1, 1] } })).toThrow(/positions: must be topK = 2 distinct integers in \[0, candidates = 4\), got \[1,1\]/);
      const { 'key.bias': _, ...rest } = layer.weights();
      expect(() => aimForward(layer.config, rest as unknown as AimWeights, x)).toThrow("aimForward: 'weights' must hold 'key.bias' [6], got none");
      expect(() => aimForward(layer.config, { ...layer.weights(), 'value.weight': tf.zeros([5, 6, 3]) }, x)).toThrow(
        "aimForward: 'weights['value.weight']' must be [numUnits, inputSize, valueSize] = [5, 6, 4], got [5, 6, 3]");
    });
    layer.dispose();
  });
});
