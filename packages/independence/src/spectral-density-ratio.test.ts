import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, ShapeError } from '@rimjs/core';
import { TEST_BACKENDS, expectNoLeak, useBackend } from '@rimjs/core/testing';
import { spectralDensityRatio } from './spectral-density-ratio.js';
import { summarizeSdr } from './sdr-summary.js';
import { sdrReference } from './test-support/reference.js';

/** `[batch, 16, 16, 1]` white noise coloured by the 5x5 smoothing kernel g (a low-pass input). */
function colouredNoise(batch: number, seed: number): { x: tf.Tensor4D; g: tf.Tensor4D } {
  return tf.tidy(() => {
    const g1 = tf.div(tf.tensor1d([1, 4, 6, 4, 1]), 16) as tf.Tensor1D;
    const g = tf.reshape(tf.outerProduct(g1, g1), [5, 5, 1, 1]) as tf.Tensor4D;
    const white = tf.randomNormal([batch, 20, 20, 1], 0, 1, 'float32', seed) as tf.Tensor4D;
    return { x: tf.conv2d(white, g, 1, 'valid').slice([0, 0, 0, 0], [batch, 16, 16, 1]) as tf.Tensor4D, g };
  });
}

for (const backend of TEST_BACKENDS) {
  describe(`spectralDensityRatio on ${backend}`, () => {
    beforeAll(() => useBackend(backend));

    it('matches the slow reference written from the equations (with and without the taper)', () => {
      const x = tf.randomNormal([3, 6, 7, 2], 0, 1, 'float32', 21) as tf.Tensor4D;
      const k = tf.randomNormal([3, 2, 2, 4], 0, 1, 'float32', 22) as tf.Tensor4D;
      for (const window of ['hann', 'none'] as const) {
        const r = spectralDensityRatio(x, k, { window });
        expect(r.pairs.shape).toEqual([2, 4]);
        const ref = sdrReference(x.dataSync(), x.shape, k.dataSync(), k.shape, [8, 8], window === 'hann');
        const got = r.pairs.dataSync();
        for (let f = 0; f < 8; f++) expect(got[f]).toBeCloseTo(ref[f]!, 4);
        tf.dispose(Object.values(r));
      }
      tf.dispose([x, k]);
    });

    it('is exactly 1 for a delta kernel whatever the input', () => {
      const { x, g } = colouredNoise(8, 1);
      const delta = tf.tensor4d([0, 0, 0, 0, 1, 0, 0, 0, 0], [3, 3, 1, 1]);
      const r = spectralDensityRatio(x, delta);
      expect(r.pairs.dataSync()[0]).toBeCloseTo(1, 5);
      tf.dispose([x, g, delta, ...Object.values(r)]);
    });

    it('is 1 in expectation for filters drawn independently of the input spectrum, tolerance from the sample size', () => {
      // E_K |K^(nu)|^2 = k^2 sigma^2 at every nu for i.i.d. taps, so sum_j <G_j P> / sum_j <G_j><P> -> 1.
      const { x, g } = colouredNoise(32, 2);
      const n = 400;
      const k = tf.randomNormal([3, 3, 1, n], 0, 1, 'float32', 3) as tf.Tensor4D;
      const r = spectralDensityRatio(x, k);
      const rho = r.pairs.dataSync();
      const b = Array.from(r.energy.dataSync()); // <G_j>
      const a = Array.from(b, (bj, j) => rho[j]! * bj); // <G_j P> / <P>
      const ratio = a.reduce((s, v) => s + v, 0) / b.reduce((s, v) => s + v, 0);
      const meanB = b.reduce((s, v) => s + v, 0) / n;
      const resid = a.map((aj, j) => aj - ratio * b[j]!);
      const se = Math.sqrt(resid.reduce((s, v) => s + v * v, 0) / (n - 1) / n) / meanB; // delta method
      expect(Math.abs(ratio - 1)).toBeLessThan(4 * se);
      expect(se).toBeLessThan(0.05); // the test has power
      console.log(`independent filters: ratio ${ratio.toFixed(4)} +- ${se.toFixed(4)}, median log10 rho ${summarizeSdr(r).medianLog10.toFixed(3)}`);
      tf.dispose([x, g, k, ...Object.values(r)]);
    });

    it('departs from 1 for a filter matched to the input spectrum (> 1) and an anti-matched one (< 1)', () => {
      const { x, g } = colouredNoise(32, 4);
      const lap = tf.tensor4d([0, -1, 0, -1, 4, -1, 0, -1, 0], [3, 3, 1, 1]); // high-pass against a low-pass input
      const matched = spectralDensityRatio(x, g).pairs.dataSync()[0]!;
      const anti = spectralDensityRatio(x, lap).pairs.dataSync()[0]!;
      // the null spread of independent 3x3 filters on this input is ~0.3 in rho (previous test): these are far out
      expect(matched).toBeGreaterThan(2);
      expect(anti).toBeLessThan(0.5);
      // white input: rho ~ 1 even for the matched filter
      const white = tf.randomNormal([64, 16, 16, 1], 0, 1, 'float32', 5) as tf.Tensor4D;
      expect(Math.abs(spectralDensityRatio(white, g).pairs.dataSync()[0]! - 1)).toBeLessThan(0.1);
      tf.dispose([x, g, lap, white]);
    });

    it('marks a dead input channel and gives its pairs rho = 1', () => {
      const x = tf.tidy(() => tf.concat([tf.randomNormal([4, 8, 8, 1], 0, 1, 'float32', 7), tf.fill([4, 8, 8, 1], 3)], 3)) as tf.Tensor4D;
      const k = tf.randomNormal([3, 3, 2, 2], 0, 1, 'float32', 8) as tf.Tensor4D;
      const r = spectralDensityRatio(x, k);
      expect(Array.from(r.alive.dataSync())).toEqual([1, 0]);
      const p = r.pairs.dataSync();
      expect(p[2]).toBeCloseTo(1, 5);
      expect(p[3]).toBeCloseTo(1, 5);
      expect(summarizeSdr(r).count).toBe(2);
      tf.dispose([x, k, ...Object.values(r)]);
    });

    it('leaks nothing', async () => {
      const x = tf.randomNormal([4, 8, 8, 3]) as tf.Tensor4D;
      const k = tf.randomNormal([3, 3, 3, 2]) as tf.Tensor4D;
      await expectNoLeak(() => tf.dispose(Object.values(spectralDensityRatio(x, k))));
      tf.dispose([x, k]);
    });
  });
}

describe('spectralDensityRatio errors', () => {
  it('refuses bad shapes and options with typed, named messages', () => {
    const x = tf.zeros([2, 8, 8, 3]) as tf.Tensor4D;
    const k = tf.zeros([3, 3, 4, 2]) as tf.Tensor4D;
    expect(() => spectralDensityRatio(x, k)).toThrow(ShapeError);
    expect(() => spectralDensityRatio(x, k)).toThrow("'kernel' must be [kh, kw, Cin, Cout] with Cin = 3 (the input's channels), got [3, 3, 4, 2]");
    expect(() => spectralDensityRatio(tf.zeros([8, 8, 3]) as unknown as tf.Tensor4D, k)).toThrow(ShapeError);
    const k3 = tf.zeros([3, 3, 3, 2]) as tf.Tensor4D;
    expect(() => spectralDensityRatio(x, k3, { size: [8, 8] })).toThrow('must be at least [H + kh - 1, W + kw - 1] = [10, 10]');
    expect(() => spectralDensityRatio(x, k3, { window: 'box' as 'hann', gradient: 'x' as 'both' })).toThrow(ConfigError);
    try {
      spectralDensityRatio(x, k3, { window: 'box' as 'hann', gradient: 'x' as 'both' });
    } catch (e) {
      expect((e as ConfigError).problems).toHaveLength(2);
    }
    tf.dispose([x, k, k3]);
  });
});
