import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, Parameters, Rng, ShapeError } from '@rimjs/core';
import { checkGradients, expectNoLeak, TEST_BACKENDS, useBackend } from '@rimjs/core/testing';
import { TimLayer } from './tim-layer.js';
import type { TimLayerConfig } from './tim-layer-config.js';
import { keepOf, referenceTimLayer } from './test-support/reference-layers.js';
import { maxDiff, randn, randomizeWeights } from './test-support/helpers.js';

const BASE: TimLayerConfig = { dModel: 12, ns: 3, heads: 6, dFF: 24, dropout: 0 };

function makeLayer(config: TimLayerConfig = BASE, seed = 1): TimLayer {
  const layer = new TimLayer(new Parameters(new Rng(seed)).scope('tim'), config);
  randomizeWeights(layer.weights(), seed + 100);
  return layer;
}

/** Slice of mechanism m of `[batch, time, dModel]`. */
const mechSlice = (t: tf.Tensor3D, m: number, dMech: number): tf.Tensor =>
  tf.slice(t, [0, 0, m * dMech], [t.shape[0], t.shape[1], dMech]);

describe.each(TEST_BACKENDS)('TimLayer on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  const cases: Array<[string, TimLayerConfig, boolean, number[][] | undefined]> = [
    ['own projections, causal', BASE, true, undefined],
    ['shared projections, padding', { ...BASE, shareAttention: true, heads: 3 }, false, [[1, 1, 1, 1, 0], [1, 1, 1, 0, 0]]],
    ['causal + padding, 3 communication heads of 3', { ...BASE, commHeads: 3, commKeyDim: 3 }, true, [[1, 1, 1, 1, 1], [1, 1, 1, 1, 0]]],
    ['no communication', { ...BASE, communication: false }, false, undefined],
    ['competition temperature 0.25', { ...BASE, competitionTemperature: 0.25 }, true, undefined],
  ];

  it.each(cases)('equals the plain per-mechanism reference in values and gradients (%s)', (_, config, causal, padding) => {
    const layer = makeLayer(config);
    const [batch, time] = [2, 5];
    const x = tf.variable(randn([batch, time, 12], 3)) as tf.Variable<tf.Rank.R3>;
    const mask = padding ? tf.tensor2d(padding, [batch, time], 'int32') : undefined;
    const keep = keepOf(batch, time, causal, padding);
    const r1 = randn([batch, time, 12], 4);
    const r2 = randn([batch, time, 3], 5);
    const vars = [x, ...Object.values(layer.weights())];
    const run = (fast: boolean) =>
      tf.tidy(() => {
        const res = fast ? layer.forward(x, { causal, mask }) : referenceTimLayer(layer.config, layer.weights(), x, keep);
        const { value, grads } = tf.variableGrads(() => {
          const o = fast ? layer.forward(x, { causal, mask }) : referenceTimLayer(layer.config, layer.weights(), x, keep);
          return tf.add(tf.sum(tf.mul(o.output, r1)), tf.sum(tf.mul(o.competition, r2))) as tf.Scalar;
        }, vars);
        return { ...res, value, grads: vars.map((v) => grads[v.name]!) };
      });
    const fast = run(true);
    const ref = run(false);
    expect(fast.output.shape).toEqual([batch, time, 12]);
    expect(fast.competition.shape).toEqual([batch, time, 3]);
    expect(maxDiff(fast.output, ref.output)).toBeLessThan(1e-4);
    expect(maxDiff(fast.competition, ref.competition)).toBeLessThan(1e-5);
    // competition rows are distributions
    expect(maxDiff(tf.sum(fast.competition, -1), tf.ones([batch, time]))).toBeLessThan(1e-5);
    expect(Math.abs(fast.value.dataSync()[0]! - ref.value.dataSync()[0]!)).toBeLessThan(1e-3);
    fast.grads.forEach((g, i) => {
      const scale = Math.max(1, tf.tidy(() => tf.max(tf.abs(ref.grads[i]!)).dataSync()[0]!));
      expect(maxDiff(g, ref.grads[i]!) / scale, `gradient of ${vars[i]!.name}`).toBeLessThan(2e-4);
    });
    tf.dispose([fast, ref, x, mask, r1, r2]);
    layer.dispose();
  });

  it('is causal: perturbing position t changes no output before t', () => {
    const layer = makeLayer();
    const x = randn([2, 6, 12], 7);
    const t = 3;
    const bump = tf.tidy(() => tf.mul(tf.oneHot(tf.tensor1d([t], 'int32'), 6).reshape([1, 6, 1]), 2));
    const x2 = tf.add(x, bump) as tf.Tensor3D;
    const a = layer.forward(x as tf.Tensor3D, { causal: true });
    const b = layer.forward(x2, { causal: true });
    const before = (y: tf.Tensor3D) => tf.slice(y, [0, 0, 0], [2, t, 12]);
    const from = (y: tf.Tensor3D) => tf.slice(y, [0, t, 0], [2, 6 - t, 12]);
    expect(maxDiff(before(a.output), before(b.output))).toBe(0);
    expect(maxDiff(from(a.output), from(b.output))).toBeGreaterThan(1e-3);
    // without the causal mask, earlier positions do see it
    const c = layer.forward(x as tf.Tensor3D);
    const d = layer.forward(x2);
    expect(maxDiff(before(c.output), before(d.output))).toBeGreaterThan(1e-3);
    tf.dispose([x, bump, x2, a, b, c, d]);
    layer.dispose();
  });

  it('ignores padded positions as keys', () => {
    const layer = makeLayer();
    const x = randn([1, 5, 12], 8) as tf.Tensor3D;
    const mask = tf.tensor2d([[1, 1, 1, 0, 0]], [1, 5], 'bool');
    const x2 = tf.tidy(() => tf.concat([tf.slice(x, [0, 0, 0], [1, 3, 12]), randn([1, 2, 12], 9)], 1)) as tf.Tensor3D;
    const a = layer.forward(x, { mask });
    const b = layer.forward(x2, { mask });
    const real = (y: tf.Tensor3D) => tf.slice(y, [0, 0, 0], [1, 3, 12]);
    expect(maxDiff(real(a.output), real(b.output))).toBe(0);
    tf.dispose([x, mask, x2, a, b]);
    layer.dispose();
  });

  it('keeps mechanisms independent: one mechanism\'s FFN weights change only its own slice', () => {
    const layer = makeLayer();
    const x = randn([2, 4, 12], 10) as tf.Tensor3D;
    const before = layer.forward(x);
    const w = layer.weights();
    const j = 1;
    for (const name of ['ffn.hidden.weight', 'ffn.output.weight', 'ffn.output.bias']) {
      const v = w[name]!;
      tf.tidy(() => {
        const delta = tf.mul(tf.oneHot(tf.tensor1d([j], 'int32'), 3).reshape([3, ...v.shape.slice(1).map(() => 1)]), 0.7);
        v.assign(tf.add(v, delta));
      });
    }
    const after = layer.forward(x);
    for (let m = 0; m < 3; m++) {
      const diff = maxDiff(mechSlice(before.output, m, 4), mechSlice(after.output, m, 4));
      if (m === j) expect(diff).toBeGreaterThan(1e-3);
      else expect(diff).toBe(0);
    }
    expect(maxDiff(before.competition, after.competition)).toBe(0);
    tf.dispose([x, before, after]);
    layer.dispose();
  });

  it('couples mechanisms only through the communication', () => {
    for (const communication of [false, true]) {
      const layer = makeLayer({ ...BASE, communication });
      const x = randn([2, 4, 12], 11) as tf.Tensor3D;
      const before = layer.forward(x);
      tf.tidy(() => {
        const v = layer.weights()['attention.value.weight']!; // [ns, dMech, dMech]
        v.assign(tf.add(v, tf.mul(tf.oneHot(tf.tensor1d([0], 'int32'), 3).reshape([3, 1, 1]), 0.5)));
      });
      const after = layer.forward(x);
      const others = Math.max(...[1, 2].map((m) => maxDiff(mechSlice(before.output, m, 4), mechSlice(after.output, m, 4))));
      expect(maxDiff(mechSlice(before.output, 0, 4), mechSlice(after.output, 0, 4))).toBeGreaterThan(1e-3);
      if (communication) expect(others).toBeGreaterThan(1e-4);
      else expect(others).toBe(0);
      tf.dispose([x, before, after]);
      layer.dispose();
    }
  });

  it('applies seeded dropout only in training', () => {
    const layer = makeLayer({ ...BASE, dropout: 0.3, attentionDropout: 0.2 });
    const x = randn([2, 4, 12], 12) as tf.Tensor3D;
    const eval1 = layer.forward(x);
    const eval2 = layer.forward(x, { seed: 5 });
    const a = layer.forward(x, { training: true, seed: 5 });
    const b = layer.forward(x, { training: true, seed: 5 });
    const c = layer.forward(x, { training: true, seed: 6 });
    expect(maxDiff(eval1.output, eval2.output)).toBe(0);
    expect(maxDiff(a.output, b.output)).toBe(0);
    expect(maxDiff(a.output, c.output)).toBeGreaterThan(1e-3);
    expect(maxDiff(a.output, eval1.output)).toBeGreaterThan(1e-3);
    expect(() => layer.forward(x, { training: true })).toThrow(ConfigError);
    expect(() => layer.forward(x, { training: true })).toThrow(/TimLayer\.forward: 'options\.seed' is required when training with dropout 0\.3 > 0/);
    tf.dispose([x, eval1, eval2, a, b, c]);
    layer.dispose();
  });

  it('leaks no tensor in forward or in a gradient step', async () => {
    const layer = makeLayer({ ...BASE, dropout: 0.1 });
    const x = randn([2, 4, 12], 13) as tf.Tensor3D;
    const mask = tf.tensor2d([[1, 1, 1, 0], [1, 1, 1, 1]], [2, 4]);
    await expectNoLeak(() => tf.dispose(layer.forward(x, { causal: true, mask, training: true, seed: 3 })), { label: 'forward' });
    const opt = tf.train.adam(1e-3);
    await expectNoLeak(() => {
      const loss = opt.minimize(() => tf.mean(tf.square(layer.forward(x, { causal: true, training: true, seed: 4 }).output)) as tf.Scalar, true, layer.params.trainable());
      loss?.dispose();
    }, { label: 'adam step' });
    opt.dispose();
    tf.dispose([x, mask]);
    layer.dispose();
  });
});

describe('TimLayer checks', () => {
  beforeAll(() => useBackend('cpu'));

  it('matches finite differences in its input', () => {
    const layer = makeLayer({ dModel: 8, ns: 2, heads: 2, dFF: 8, dropout: 0 }, 2);
    const r = randn([1, 3, 8], 20);
    const x = randn([1, 3, 8], 21);
    const check = checkGradients((xx) => tf.sum(tf.mul(layer.forward(xx as tf.Tensor3D, { causal: true }).output, r)) as tf.Scalar, [x], { samples: 24 });
    expect(check.maxRelError).toBeLessThan(3e-2);
    tf.dispose([r, x]);
    layer.dispose();
  });

  it('rejects bad configs as ConfigError naming each field', () => {
    const make = (c: unknown) => () => new TimLayer(new Parameters(new Rng(0)), c as TimLayerConfig);
    expect(make({ dModel: 30, ns: 4 })).toThrow(ConfigError);
    expect(make({ dModel: 30, ns: 4 })).toThrow(/TimLayerConfig\.dModel: must be divisible by ns = 4, got 30/);
    expect(make({ dModel: 32, ns: 4, heads: 6 })).toThrow(/TimLayerConfig\.heads: must be a multiple of ns = 4/);
    expect(make({ dModel: 32, ns: 4, heads: 12 })).toThrow(/TimLayerConfig\.heads: must divide dModel = 32/);
    expect(make({ dModel: 32, ns: 4, dFF: 30 })).toThrow(/TimLayerConfig\.dFF: must be divisible by ns = 4/);
    expect(make({ dModel: 12, ns: 4, commHeads: 2 })).toThrow(/TimLayerConfig\.commHeads: must divide dMech = dModel \/ ns = 3 unless commKeyDim is given, got 2/);
    expect(make({ dModel: 12, ns: 4, commHeads: 2, commKeyDim: 5 })).not.toThrow();
    expect(make({ dModel: 0, ns: -1 })).toThrow(/TimLayerConfig\.dModel: must be an integer in \[1, ∞\], got 0\n.*TimLayerConfig\.ns: must be an integer/);
    expect(make({ dModel: 16, ns: 2, dropout: 1 })).toThrow(/TimLayerConfig\.dropout: must be a number in \[0, 1\), got 1/);
    expect(make({ dModel: 16, ns: 2, attentionDropout: -0.1 })).toThrow(/TimLayerConfig\.attentionDropout/);
    expect(make({ dModel: 16, ns: 2, activation: 'tanh' })).toThrow(/TimLayerConfig\.activation: must be one of "relu" \| "gelu"/);
    expect(make({ dModel: 16, ns: 2, numMechanisms: 2 })).toThrow(/TimLayerConfig\.numMechanisms: unknown field/);
    expect(make({ dModel: 16, ns: 2, competitionTemperature: 0 })).toThrow(/TimLayerConfig\.competitionTemperature: must be a positive finite number, got 0/);
    expect(make({ dModel: 16, ns: 2, competitionTemperature: Infinity })).toThrow(/TimLayerConfig\.competitionTemperature: must be a positive finite number, got Infinity/);
    expect(make({ dModel: 16, ns: 2, competitionTemperature: '1' })).toThrow(/TimLayerConfig\.competitionTemperature: must be a positive finite number, got "1"/);
  });

  it('rejects bad inputs as ShapeError naming the argument', () => {
    const layer = makeLayer();
    const x = tf.zeros([2, 4, 10]) as tf.Tensor3D;
    expect(() => layer.forward(x)).toThrow(ShapeError);
    expect(() => layer.forward(x)).toThrow("TimLayer.forward: 'x' must be [batch, time, dModel] = [?, ?, 12], got [2, 4, 10]");
    const y = tf.zeros([2, 4, 12]) as tf.Tensor3D;
    const mask = tf.ones([2, 5]) as tf.Tensor2D;
    expect(() => layer.forward(y, { mask })).toThrow("TimLayer.forward: 'options.mask' must be [batch, time] = [2, 4], got [2, 5]");
    expect(() => layer.forward(y, { seed: 0 })).toThrow(/'options\.seed' must be a non-zero safe integer, got 0/);
    tf.dispose([x, y, mask]);
    layer.dispose();
  });

  it('divides the competition scores by competitionTemperature before the softmax', () => {
    const x = randn([2, 5, 12], 21) as tf.Tensor3D;
    const logOf = (tau?: number) => {
      const layer = makeLayer(tau === undefined ? BASE : { ...BASE, competitionTemperature: tau }, 3); // same weights for every tau
      const { output, competition } = layer.forward(x);
      const log = tf.tidy(() => tf.log(competition));
      tf.dispose([output, competition]);
      layer.dispose();
      return log;
    };
    const [one, unset, half, four] = [logOf(1), logOf(undefined), logOf(0.5), logOf(4)];
    // default is 1: identical values
    expect(maxDiff(one, unset)).toBe(0);
    // log c_tau = s / tau - logsumexp(s / tau): differences between mechanisms scale by 1 / tau
    const gaps = (l: tf.Tensor) => tf.tidy(() => tf.sub(l, tf.slice(l, [0, 0, 0], [2, 5, 1])));
    const g1 = gaps(one);
    expect(tf.tidy(() => tf.max(tf.abs(g1)).dataSync()[0]!)).toBeGreaterThan(1e-3); // the check is not vacuous
    expect(maxDiff(gaps(half), tf.mul(g1, 2))).toBeLessThan(1e-4);
    expect(maxDiff(gaps(four), tf.mul(g1, 0.25))).toBeLessThan(1e-5);
    // the winner does not depend on the temperature
    expect(Array.from(tf.argMax(half, -1).dataSync())).toEqual(Array.from(tf.argMax(one, -1).dataSync()));
    tf.dispose([x, one, unset, half, four]);
  });

  it('names its parameters and counts them', () => {
    const layer = new TimLayer(new Parameters(new Rng(0)).scope('l'), { dModel: 8, ns: 2, dFF: 16 });
    const names = layer.params.names();
    expect(names[0]).toBe('l.competition.weight');
    expect(names).toContain('l.communication.output.weight');
    // competition 2*4+2, attention 4*(2*16+2*4), norms 3*2*8, comm 4*(2*4*4+2*4), ffn 2*4*8+2*8+2*8*4+2*4
    expect(layer.params.count()).toBe(10 + 160 + 48 + 160 + 152);
    layer.dispose();
  });
});
