import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, checkGradients } from '@rimjs/core';
import { TEST_BACKENDS, expectNoLeak, maxAbsDiff, useBackend } from '@rimjs/core/testing';
import { independencePenalty } from './independence-penalty.js';
import { spectralDensityRatio } from './spectral-density-ratio.js';

for (const backend of TEST_BACKENDS) {
  describe(`independencePenalty on ${backend}`, () => {
    beforeAll(() => useBackend(backend));

    it('is sum_ij w_ij (ln rho_ij)^2 with energy weights, summed over layers', () => {
      const x = tf.randomNormal([4, 8, 8, 2], 0, 1, 'float32', 51) as tf.Tensor4D;
      const k = tf.randomNormal([3, 3, 2, 3], 0, 1, 'float32', 52) as tf.Tensor4D;
      const r = spectralDensityRatio(x, k);
      const rho = r.pairs.dataSync();
      const e = Array.from(r.energy.dataSync());
      const total = e.reduce((s, v) => s + v, 0);
      const hand = Array.from(rho).reduce((s, v, i) => s + (e[i]! / total) * Math.log(v) ** 2, 0);
      const one = independencePenalty([{ input: x, kernel: k }]);
      const two = independencePenalty([{ input: x, kernel: k }, { input: x, kernel: k }]);
      expect(one.dataSync()[0]).toBeCloseTo(hand, 4);
      expect(two.dataSync()[0]).toBeCloseTo(2 * hand, 4);
      tf.dispose([x, k, one, two, ...Object.values(r)]);
    });

    it('is 0 for delta kernels', () => {
      const x = tf.randomNormal([4, 8, 8, 1], 0, 1, 'float32', 53) as tf.Tensor4D;
      const delta = tf.tensor4d([0, 0, 0, 0, 2, 0, 0, 0, 0], [3, 3, 1, 1]);
      expect(independencePenalty([{ input: x, kernel: delta }]).dataSync()[0]).toBeCloseTo(0, 6);
      tf.dispose([x, delta]);
    });

    it('has the gradients of finite differences, to the kernel and to the input (weights held, as the gradient stop says)', () => {
      const x = tf.randomNormal([2, 5, 5, 2], 0, 1, 'float32', 54);
      const k = tf.randomNormal([3, 3, 2, 2], 0, 1, 'float32', 55);
      const opts = { window: 'none' } as const;
      // the weights are constants of the gradient: finite differences must hold them at the base point
      const w0 = tf.tidy(() => {
        const r = spectralDensityRatio(x as tf.Tensor4D, k as tf.Tensor4D, opts);
        return tf.div(r.energy, tf.sum(r.energy));
      });
      const fixed = (a: tf.Tensor, b: tf.Tensor): tf.Scalar =>
        tf.sum(tf.mul(w0, tf.square(tf.log(spectralDensityRatio(a as tf.Tensor4D, b as tf.Tensor4D, opts).pairs))));
      const check = checkGradients(fixed, [x, k], { eps: 1e-2, samples: 16, floor: 1e-2 });
      expect(check.maxRelError).toBeLessThan(5e-2);
      const ours = tf.grads((a: tf.Tensor, b: tf.Tensor) => independencePenalty([{ input: a as tf.Tensor4D, kernel: b as tf.Tensor4D }], opts))([x, k]);
      const theirs = tf.grads(fixed)([x, k]);
      for (let i = 0; i < 2; i++) expect(maxAbsDiff(ours[i]!, theirs[i]!)).toBeLessThan(1e-5);
      const filterOnly = tf.tidy(() => tf.grad((a: tf.Tensor) => independencePenalty([{ input: a as tf.Tensor4D, kernel: k as tf.Tensor4D }], { gradient: 'filter-only' }))(x));
      expect(tf.max(tf.abs(filterOnly)).dataSync()[0]).toBe(0);
      tf.dispose([x, k, w0, filterOnly, ...ours, ...theirs]);
    });

    it('leaks nothing, forward and backward', async () => {
      const x = tf.randomNormal([2, 6, 6, 2]) as tf.Tensor4D;
      const k = tf.variable(tf.randomNormal([3, 3, 2, 2])) as tf.Variable<tf.Rank.R4>;
      await expectNoLeak(() => {
        const { value, grads } = tf.variableGrads(() => independencePenalty([{ input: x, kernel: k }]), [k]);
        tf.dispose([value, ...Object.values(grads)]);
      });
      tf.dispose([x, k]);
    });
  });
}

describe('independencePenalty errors', () => {
  it('wants at least one term', () => {
    expect(() => independencePenalty([])).toThrow(ConfigError);
  });
});
