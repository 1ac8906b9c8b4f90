import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { TEST_BACKENDS, expectNoLeak, maxAbsDiff, useBackend } from '@rimjs/core/testing';
import { patchConv, subsample2 } from './patch-conv.js';

for (const backend of TEST_BACKENDS) {
  describe(`patchConv on ${backend}`, () => {
    beforeAll(() => useBackend(backend));

    it("equals tf.conv2d(x, k, 1, 'same') for k = 3, 5, and trains (gradients flow on this backend)", () => {
      const x = tf.randomNormal([2, 9, 9, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
      for (const k of [3, 5]) {
        const w = tf.randomNormal([k, k, 3, 4], 0, 1, 'float32', k) as tf.Tensor4D;
        const a = patchConv(x, w);
        const b = tf.conv2d(x, w, 1, 'same');
        expect(maxAbsDiff(a, b)).toBeLessThan(1e-4);
        const g = tf.grad((v: tf.Tensor) => tf.sum(tf.square(patchConv(x, v as tf.Tensor4D))))(w);
        expect(g.shape).toEqual([k, k, 3, 4]);
        tf.dispose([w, a, b, g]);
      }
      x.dispose();
    });

    it('subsample2 keeps every second pixel, and nothing leaks', async () => {
      const x = tf.reshape(tf.range(0, 2 * 4 * 4 * 2), [2, 4, 4, 2]) as tf.Tensor4D;
      const s = subsample2(x);
      const ref = tf.stridedSlice(x, [0, 0, 0, 0], [2, 4, 4, 2], [1, 2, 2, 1]);
      expect(maxAbsDiff(s, ref)).toBe(0);
      const w = tf.randomNormal([3, 3, 2, 2]) as tf.Tensor4D;
      await expectNoLeak(() => {
        patchConv(x, w).dispose();
        subsample2(x).dispose();
      });
      tf.dispose([x, s, ref, w]);
    });
  });
}
