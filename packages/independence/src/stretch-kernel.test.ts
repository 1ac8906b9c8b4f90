import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, ShapeError } from '@rimjs/core';
import { TEST_BACKENDS, expectNoLeak, maxAbsDiff, useBackend } from '@rimjs/core/testing';
import { stretchKernel } from './stretch-kernel.js';
import { powerSpectrum2d } from './dft-2d.js';
import { stretchLinearReference } from './test-support/reference.js';

for (const backend of TEST_BACKENDS) {
  describe(`stretchKernel on ${backend}`, () => {
    beforeAll(() => useBackend(backend));

    it("'dilate': convolving with the stretched kernel is tf.conv2d with dilations s", () => {
      const x = tf.randomNormal([2, 12, 12, 3], 0, 1, 'float32', 31) as tf.Tensor4D;
      const k = tf.randomNormal([3, 3, 3, 4], 0, 1, 'float32', 32) as tf.Tensor4D;
      for (const s of [2, 3]) {
        const ks = stretchKernel(k, s);
        expect(ks.shape).toEqual([2 * s + 1, 2 * s + 1, 3, 4]);
        const ours = tf.conv2d(x, ks, 1, 'same');
        const dilated = tf.conv2d(x, k, 1, 'same', 'NHWC', s);
        expect(maxAbsDiff(ours, dilated)).toBeLessThan(1e-4);
        tf.dispose([ks, ours, dilated]);
      }
      tf.dispose([x, k]);
    });

    it("'dilate': the frequency response is G(s nu), DC gain and energy kept", () => {
      const k = tf.randomNormal([3, 3, 1, 1], 0, 1, 'float32', 33) as tf.Tensor4D;
      const s = 2;
      const ks = stretchKernel(k, s);
      const n = 16;
      const g = powerSpectrum2d(tf.reshape(k, [1, 3, 3]) as tf.Tensor3D, [n, n]).dataSync();
      const gs = powerSpectrum2d(tf.reshape(ks, [1, 5, 5]) as tf.Tensor3D, [n, n]).dataSync();
      for (let u = 0; u < n; u++) for (let v = 0; v < n; v++) expect(gs[u * n + v]).toBeCloseTo(g[((s * u) % n) * n + ((s * v) % n)]!, 3);
      expect(tf.sum(ks).dataSync()[0]).toBeCloseTo(tf.sum(k).dataSync()[0]!, 4);
      expect(tf.sum(tf.square(ks)).dataSync()[0]).toBeCloseTo(tf.sum(tf.square(k)).dataSync()[0]!, 4);
      tf.dispose([k, ks]);
    });

    it("'linear': the kernel read by linear interpolation at p / s, divided by s^2 (slow reference), DC gain kept", () => {
      const k = tf.randomNormal([3, 3, 2, 2], 0, 1, 'float32', 34) as tf.Tensor4D;
      for (const s of [2, 3]) {
        const ks = stretchKernel(k, s, 'linear');
        const m = s * 4 - 1;
        expect(ks.shape).toEqual([m, m, 2, 2]);
        const got = ks.dataSync();
        const kv = k.dataSync();
        for (let c = 0; c < 4; c++) {
          const slice = Array.from({ length: 9 }, (_, t) => kv[t * 4 + c]!);
          const ref = stretchLinearReference(slice, 3, s);
          for (let t = 0; t < m * m; t++) expect(got[t * 4 + c]).toBeCloseTo(ref[t]!, 5);
        }
        expect(maxAbsDiff(tf.sum(ks, [0, 1]), tf.sum(k, [0, 1]))).toBeLessThan(1e-5);
        ks.dispose();
      }
      k.dispose();
    });

    it('s = 1 is a copy, and nothing leaks', async () => {
      const k = tf.randomNormal([3, 3, 2, 2]) as tf.Tensor4D;
      const same = stretchKernel(k, 1, 'linear');
      expect(maxAbsDiff(same, k)).toBe(0);
      same.dispose();
      await expectNoLeak(() => {
        stretchKernel(k, 2).dispose();
        stretchKernel(k, 3, 'linear').dispose();
      });
      k.dispose();
    });
  });
}

describe('stretchKernel errors', () => {
  it('refuses fractional factors, unknown modes and bad ranks', () => {
    const k = tf.zeros([3, 3, 1, 1]) as tf.Tensor4D;
    expect(() => stretchKernel(k, 1.5)).toThrow(ConfigError);
    expect(() => stretchKernel(k, 1.5)).toThrow("stretchKernel: 's' must be an integer >= 1 (fractional stretches are not supported), got 1.5");
    expect(() => stretchKernel(k, 2, 'cubic' as 'linear')).toThrow(ConfigError);
    expect(() => stretchKernel(tf.zeros([3, 3]) as unknown as tf.Tensor4D, 2)).toThrow(ShapeError);
    k.dispose();
  });
});
