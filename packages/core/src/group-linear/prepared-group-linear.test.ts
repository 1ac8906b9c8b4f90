import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeak } from '../testing/expect-no-leak.js';
import { maxAbsDiff, TEST_BACKENDS, useBackend } from '../testing/backends.js';
import { groupLinearReference } from './group-linear-reference.js';
import { groupLinearWeightGrad, type GroupLinearWeightGradStrategy } from './group-linear-weight-grad.js';
import { groupLinear } from './group-linear.js';
import { prepareGroupLinear } from './prepared-group-linear.js';

describe.each(TEST_BACKENDS)('prepared GroupLinear and its weight gradient on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it.each([1, 1e6])('prepareGroupLinear equals groupLinear for 1 and several units, call after call (batch hint %s: both wasm layouts)', (hint) => {
    for (const units of [1, 4]) {
      const w = tf.randomNormal([units, 5, 3], 0, 1, 'float32', 1) as tf.Tensor3D;
      const g = prepareGroupLinear(w, { batch: hint });
      for (const seed of [2, 3]) {
        const x = tf.randomNormal([7, units, 5], 0, 1, 'float32', seed) as tf.Tensor3D;
        const y = g.apply(x);
        expect(y.shape).toEqual([7, units, 3]);
        expect(maxAbsDiff(y, groupLinearReference(x, w))).toBeLessThan(1e-5);
        tf.dispose([x, y]);
      }
      g.dispose();
      w.dispose();
    }
  });

  it.each([1, 1e6])('prepareGroupLinear does not leak and names a wrong input (batch hint %s)', async (hint) => {
    const w = tf.randomNormal([3, 4, 2]) as tf.Tensor3D;
    const g = prepareGroupLinear(w, { batch: hint });
    const x = tf.ones([2, 3, 4]) as tf.Tensor3D;
    await expectNoLeak(() => g.apply(x).dispose());
    if (backend === 'wasm') expect(() => g.apply(tf.ones([2, 3, 5]) as tf.Tensor3D)).toThrow("PreparedGroupLinear.apply: 'x' must be");
    g.dispose();
    tf.dispose([w, x]);
  });

  it.each(['batched', 'unitLoop', 'depthwiseConv', undefined] as const)('groupLinearWeightGrad (%s) is the gradient of groupLinear with respect to w', (strategy) => {
    const x = tf.randomNormal([9, 3, 4], 0, 1, 'float32', 4) as tf.Tensor3D;
    const dy = tf.randomNormal([9, 3, 5], 0, 1, 'float32', 5) as tf.Tensor3D;
    const w = tf.randomNormal([3, 4, 5], 0, 1, 'float32', 6) as tf.Tensor3D;
    const expected = tf.grad((ww: tf.Tensor) => tf.sum(tf.mul(groupLinearReference(x, ww as tf.Tensor3D), dy)))(w);
    const dw = groupLinearWeightGrad(x, dy, strategy ? { strategy: strategy as GroupLinearWeightGradStrategy } : {});
    expect(dw.shape).toEqual([3, 4, 5]);
    expect(maxAbsDiff(dw, expected)).toBeLessThan(1e-4);
    expect(maxAbsDiff(dw, tf.grad((ww: tf.Tensor) => tf.sum(tf.mul(groupLinear(x, ww as tf.Tensor3D), dy)))(w))).toBeLessThan(1e-4);
    tf.dispose([x, dy, w, expected, dw]);
  });

  it('groupLinearWeightGrad names bad shapes and strategies', () => {
    const x = tf.ones([4, 2, 3]) as tf.Tensor3D;
    expect(() => groupLinearWeightGrad(x, tf.ones([5, 2, 3]) as tf.Tensor3D)).toThrow("groupLinearWeightGrad: 'dy' must be [n, units, out] = [4, 2, ?], got [5, 2, 3]");
    expect(() => groupLinearWeightGrad(x, x, { strategy: 'nope' as GroupLinearWeightGradStrategy })).toThrow("groupLinearWeightGrad: 'strategy' must be one of");
    x.dispose();
  });
});
