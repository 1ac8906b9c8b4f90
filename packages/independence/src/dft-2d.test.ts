import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, ShapeError, checkGradients } from '@rimjs/core';
import { TEST_BACKENDS, expectNoLeak, useBackend } from '@rimjs/core/testing';
import { dft2d, powerSpectrum2d } from './dft-2d.js';
import { dft2dReference } from './test-support/reference.js';

for (const backend of TEST_BACKENDS) {
  describe(`dft2d on ${backend}`, () => {
    beforeAll(() => useBackend(backend));

    it('matches the slow zero-padded DFT, rectangular maps and sizes', () => {
      const x = tf.randomNormal([3, 5, 6], 0, 1, 'float32', 11) as tf.Tensor3D;
      const { re, im } = dft2d(x, [8, 16]);
      expect(re.shape).toEqual([3, 8, 16]);
      const xs = x.dataSync();
      const r = re.dataSync();
      const i = im.dataSync();
      let worst = 0;
      for (let m = 0; m < 3; m++) {
        const ref = dft2dReference(xs.subarray(m * 30, (m + 1) * 30), 5, 6, 8, 16);
        for (let f = 0; f < 128; f++) worst = Math.max(worst, Math.abs(r[m * 128 + f]! - ref.re[f]!), Math.abs(i[m * 128 + f]! - ref.im[f]!));
      }
      expect(worst).toBeLessThan(1e-4);
      const p = powerSpectrum2d(x, [8, 16]);
      const ref0 = dft2dReference(xs.subarray(0, 30), 5, 6, 8, 16);
      expect(p.dataSync()[17]).toBeCloseTo(ref0.re[17]! ** 2 + ref0.im[17]! ** 2, 3);
      tf.dispose([x, re, im, p]);
    });

    // tfjs 4.22 registers FFT / Complex on cpu only: the reason this package has its own transform
    it.runIf(backend === 'cpu')('agrees with tf.spectral.fft applied along both axes', () => {
      const x = tf.randomNormal([2, 8, 8], 0, 1, 'float32', 3) as tf.Tensor3D;
      const ours = powerSpectrum2d(x, [8, 8]);
      const theirs = tf.tidy(() => {
        const rows = tf.spectral.fft(tf.complex(x, tf.zerosLike(x))); // along W
        const t = tf.transpose(rows, [0, 2, 1]);
        const both = tf.transpose(tf.spectral.fft(t), [0, 2, 1]); // along H
        return tf.add(tf.square(tf.real(both)), tf.square(tf.imag(both)));
      });
      const scale = tf.max(theirs).dataSync()[0]!;
      expect(tf.max(tf.abs(tf.sub(ours, theirs))).dataSync()[0]! / scale).toBeLessThan(1e-5);
      tf.dispose([x, ours, theirs]);
    });

    it('carries gradients (finite differences)', () => {
      const x = tf.randomNormal([2, 3, 4], 0, 1, 'float32', 5);
      const weights = tf.randomUniform([2, 4, 8], 0, 1, 'float32', 6);
      const check = checkGradients((a) => tf.mean(tf.mul(powerSpectrum2d(a as tf.Tensor3D, [4, 8]), weights)), [x], { samples: 24 });
      expect(check.maxRelError).toBeLessThan(2e-2);
      tf.dispose([x, weights]);
    });

    it('leaks nothing', async () => {
      const x = tf.randomNormal([4, 7, 7]) as tf.Tensor3D;
      await expectNoLeak(() => {
        const { re, im } = dft2d(x, [16, 16]);
        tf.dispose([re, im]);
        powerSpectrum2d(x, [16, 16]).dispose();
      });
      x.dispose();
    });
  });
}

describe('dft2d errors', () => {
  it('names the argument, what was expected and what came', () => {
    const x = tf.zeros([2, 5, 5]) as tf.Tensor3D;
    expect(() => dft2d(tf.zeros([5, 5]) as unknown as tf.Tensor3D, [8, 8])).toThrow(ShapeError);
    expect(() => dft2d(x, [4, 8])).toThrow(ConfigError);
    expect(() => powerSpectrum2d(x, [8, 4])).toThrow("powerSpectrum2d: 'size' must be integers [sizeH >= height = 5, sizeW >= width = 5], got [8, 4]");
    x.dispose();
  });
});
