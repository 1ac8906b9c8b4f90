import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, Parameters, Rng, ShapeError } from '@rimjs/core';
import { expectNoLeak, TEST_BACKENDS, useBackend } from '@rimjs/core/testing';
import { TimEncoder } from './tim-encoder.js';
import { timEncoderParamCount, type TimEncoderConfig } from './tim-encoder-config.js';
import { TimLayer } from './tim-layer.js';
import { sinusoidalPositionalEncoding } from './sinusoidal-positional-encoding.js';
import { maxDiff, randomizeWeights } from './test-support/helpers.js';

const TOKEN: TimEncoderConfig = { vocabSize: 5, dModel: 8, ns: 2, heads: 2, dFF: 16, layers: 4, outputSize: 5, dropout: 0 };

function make(config: TimEncoderConfig = TOKEN, seed = 1): TimEncoder {
  const enc = new TimEncoder(new Parameters(new Rng(seed)).scope('enc'), config);
  randomizeWeights(Object.fromEntries(enc.params.entries()), seed + 10, 0.4);
  return enc;
}

const tokensOf = (rows: number[][]) => tf.tensor2d(rows, [rows.length, rows[0]!.length], 'int32');

describe.each(TEST_BACKENDS)('TimEncoder on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('is embedding + positions, then standard, TIM, TIM, standard layers, then the head', () => {
    const enc = make();
    expect(enc.config.kinds).toEqual(['standard', 'tim', 'tim', 'standard']);
    const tokens = [[0, 1, 2, 3, 4, 0], [4, 4, 1, 0, 2, 3]];
    const x = tokensOf(tokens);
    const res = enc.forward(x, { causal: true });
    expect(res.output.shape).toEqual([2, 6, 8]);
    expect(res.competition.map((c) => c.shape)).toEqual([[2, 6, 2], [2, 6, 2]]);
    expect(res.logits!.shape).toEqual([2, 6, 5]);
    // plainly: look the rows up on the host, add the sinusoids, run the layers one by one
    const table = enc.params.get('embedding.weight').arraySync() as number[][];
    const pe = sinusoidalPositionalEncoding(6, 8).arraySync();
    const e = tf.tensor3d(tokens.map((row) => row.map((id, t) => table[id]!.map((v, k) => v + pe[t]![k]!))));
    let h = e;
    const comps: tf.Tensor[] = [];
    for (const layer of enc.layers) {
      if (layer instanceof TimLayer) {
        const out = layer.forward(h, { causal: true });
        comps.push(out.competition);
        h = out.output;
      } else h = layer.forward(h, { causal: true }).output;
    }
    const logits = tf.add(tf.matMul(tf.reshape(h, [12, 8]), enc.params.get('head.weight')), enc.params.get('head.bias'));
    expect(maxDiff(res.output, h)).toBeLessThan(1e-4);
    expect(maxDiff(res.competition[1]!, comps[1]!)).toBeLessThan(1e-5);
    expect(maxDiff(res.logits!, tf.reshape(logits, [2, 6, 5]))).toBeLessThan(1e-4);
    tf.dispose([x, res, e, h, comps, logits]);
    enc.dispose();
  });

  it('is causal end to end: changing token t leaves the logits before t unchanged', () => {
    const enc = make();
    const a = tokensOf([[1, 2, 3, 4, 0, 1, 2]]);
    const b = tokensOf([[1, 2, 3, 4, 2, 3, 4]]);
    const ra = enc.forward(a, { causal: true });
    const rb = enc.forward(b, { causal: true });
    const head = (l: tf.Tensor3D, n: number) => tf.slice(l, [0, 0, 0], [1, n, 5]);
    expect(maxDiff(head(ra.logits!, 4), head(rb.logits!, 4))).toBe(0);
    expect(maxDiff(head(ra.logits!, 5), head(rb.logits!, 5))).toBeGreaterThan(1e-4);
    tf.dispose([a, b, ra, rb]);
    enc.dispose();
  });

  it('trains with Adam (token embedding included) and leaks nothing', async () => {
    const enc = new TimEncoder(new Parameters(new Rng(2)), { ...TOKEN, dropout: 0.1 }); // default initialisation
    const x = tokensOf([[0, 1, 2, 3, 4, 0, 1, 2], [2, 3, 4, 0, 1, 2, 3, 4]]);
    const y = tf.oneHot(tf.tensor2d([[1, 2, 3, 4, 0, 1, 2, 3], [3, 4, 0, 1, 2, 3, 4, 0]], [2, 8], 'int32'), 5);
    const opt = tf.train.adam(1e-2);
    let step = 0;
    const loss = () => {
      const r = enc.forward(x, { causal: true, training: true, seed: ++step });
      return tf.losses.softmaxCrossEntropy(y, r.logits!) as tf.Scalar;
    };
    const first = tf.tidy(() => loss().dataSync()[0]!);
    for (let i = 0; i < 30; i++) opt.minimize(loss, false, enc.params.trainable());
    const last = tf.tidy(() => loss().dataSync()[0]!);
    expect(last).toBeLessThan(first * 0.5);
    const embedding = enc.params.get('embedding.weight');
    expect(tf.tidy(() => tf.any(tf.isNaN(embedding)).dataSync()[0])).toBe(0);
    await expectNoLeak(() => opt.minimize(loss, false, enc.params.trainable()), { iterations: 3, label: 'adam step' });
    const mask = tf.onesLike(x) as tf.Tensor2D;
    await expectNoLeak(() => tf.dispose(enc.forward(x, { causal: true, mask, training: true, seed: 9 })), { label: 'forward' });
    tf.dispose([x, y, mask]);
    opt.dispose();
    enc.dispose();
  });
});

describe('TimEncoder options', () => {
  beforeAll(() => useBackend('cpu'));

  it('takes linear inputs with learned positions, and counts its parameters', () => {
    const config: TimEncoderConfig = { inputSize: 3, dModel: 8, ns: 4, heads: 4, layers: 3, standardFirst: 1, standardLast: 0, positional: 'learned', maxLength: 10 };
    const enc = make(config);
    expect(enc.config.kinds).toEqual(['standard', 'tim', 'tim']);
    const x = tf.randomNormal([2, 7, 3], 0, 1, 'float32', 4) as tf.Tensor3D;
    const res = enc.forward(x);
    expect(res.output.shape).toEqual([2, 7, 8]);
    expect(res.logits).toBeUndefined();
    expect(res.competition).toHaveLength(2);
    expect(enc.params.count()).toBe(timEncoderParamCount(config));
    expect(enc.params.names().slice(0, 3)).toEqual(['enc.input.weight', 'enc.input.bias', 'enc.positional.weight']);
    const long = tf.zeros([1, 11, 3]) as tf.Tensor3D;
    expect(() => enc.forward(long)).toThrow(ShapeError);
    expect(() => enc.forward(long)).toThrow("TimEncoder.forward: 'x' has time = 11, more than maxLength = 10");
    tf.dispose([x, res, long]);
    enc.dispose();
  });

  it('checks token inputs', () => {
    const enc = make();
    const f = tf.zeros([2, 3]) as tf.Tensor2D;
    expect(() => enc.forward(f)).toThrow("TimEncoder.forward: 'x' must be int32 token ids, got float32");
    const x3 = tf.zeros([2, 3, 1], 'int32') as tf.Tensor3D;
    expect(() => enc.forward(x3)).toThrow(/'x' must be \[batch, time\] = \[\?, \?\], got \[2, 3, 1\]/);
    tf.dispose([f, x3]);
    enc.dispose();
  });

  it('rejects bad configs as ConfigError naming each field', () => {
    const bad = (c: unknown) => () => new TimEncoder(new Parameters(new Rng(0)), c as TimEncoderConfig);
    expect(bad({ dModel: 8, ns: 2 })).toThrow(ConfigError);
    expect(bad({ dModel: 8, ns: 2 })).toThrow(/TimEncoderConfig\.vocabSize: give exactly one of vocabSize \(token input\) or inputSize \(linear input\), got neither/);
    expect(bad({ vocabSize: 3, inputSize: 2, dModel: 8, ns: 2 })).toThrow(/got both/);
    expect(bad({ vocabSize: 3, dModel: 10, ns: 4, layers: 2, standardFirst: 2, standardLast: 1 })).toThrow(
      /TimEncoderConfig\.standardLast: standardFirst \+ standardLast must be at most layers = 2, got 2 \+ 1/,
    );
    expect(bad({ vocabSize: 3, dModel: 10, ns: 4 })).toThrow(/TimEncoderConfig\.dModel: must be divisible by ns = 4, got 10/);
    // a pure Transformer does not care about ns
    expect(bad({ vocabSize: 3, dModel: 10, ns: 4, heads: 2, layers: 2, standardFirst: 2, standardLast: 0 })).not.toThrow();
    expect(bad({ vocabSize: 3, dModel: 8, ns: 2, positional: 'rotary' })).toThrow(/TimEncoderConfig\.positional: must be one of/);
    expect(bad({ vocabSize: 3, dModel: 8, ns: 2, depth: 3 })).toThrow(/TimEncoderConfig\.depth: unknown field/);
    expect(bad({ vocabSize: 3, dModel: 8, ns: 2, competitionTemperature: -1 })).toThrow(/TimEncoderConfig\.competitionTemperature: must be a positive finite number, got -1/);
  });

  it('passes competitionTemperature to its TIM layers (default 1)', () => {
    const sharp = new TimEncoder(new Parameters(new Rng(0)), { ...TOKEN, competitionTemperature: 0.5 });
    const plain = new TimEncoder(new Parameters(new Rng(0)), TOKEN);
    expect(sharp.config.tim!.competitionTemperature).toBe(0.5);
    expect(plain.config.tim!.competitionTemperature).toBe(1);
    // same weights (same seed): the competition logits of the sharp encoder are twice the plain ones, up to a per-row constant
    const x = tokensOf([[0, 1, 2, 3], [4, 3, 2, 1]]);
    const a = sharp.forward(x);
    const b = plain.forward(x);
    const gaps = (c: tf.Tensor3D) => tf.tidy(() => tf.sub(tf.log(c), tf.slice(tf.log(c), [0, 0, 0], [2, 4, 1])));
    expect(maxDiff(gaps(a.competition[0]!), tf.mul(gaps(b.competition[0]!), 2))).toBeLessThan(1e-4);
    tf.dispose([x, a, b]);
    sharp.dispose();
    plain.dispose();
  });
});
