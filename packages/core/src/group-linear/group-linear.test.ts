import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, ShapeError } from '../errors.js';
import { Rng } from '../rng.js';
import { checkGradients, expectNoLeak, TEST_BACKENDS, useBackend } from '../testing/index.js';
import { defaultGroupLinearStrategy, groupLinear } from './group-linear.js';
import { groupLinearReference } from './group-linear-reference.js';
import { DEFAULT_STRATEGY } from './strategies.js';

const normal = (rng: Rng, label: string, shape: number[]) => tf.randomNormal(shape, 0, 1, 'float32', rng.child(label).seed());

describe.each(TEST_BACKENDS)('groupLinear on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('uses the measured default strategy of the backend', () => {
    expect(defaultGroupLinearStrategy()).toBe(DEFAULT_STRATEGY[backend]);
    expect(defaultGroupLinearStrategy('some-new-backend')).toBe('batched');
  });

  it('computes a hand-checked example: y[b, u] = x[b, u] @ w[u] + bias[u]', () => {
    const x = tf.tensor3d([1, 2, 3, 4], [1, 2, 2]); // [batch 1, units 2, in 2]
    const w = tf.tensor3d([1, 0, 0, 1, 2, 1, 0, 3], [2, 2, 2]); // unit 0: identity; unit 1: [[2, 1], [0, 3]]
    const bias = tf.tensor2d([10, 20, 30, 40], [2, 2]);
    // unit 0: [1, 2] + [10, 20]; unit 1: [3 * 2, 3 * 1 + 4 * 3] + [30, 40]
    expect(Array.from(groupLinear(x, w, bias).dataSync())).toEqual([11, 22, 36, 55]);
    expect(Array.from(groupLinear(x, w).dataSync())).toEqual([1, 2, 6, 15]);
  });

  it('matches the reference with the default strategy, with and without bias', () => {
    const rng = new Rng(5);
    const x = normal(rng, 'x', [4, 3, 6]) as tf.Tensor3D;
    const w = normal(rng, 'w', [3, 6, 5]) as tf.Tensor3D;
    const b = normal(rng, 'b', [3, 5]) as tf.Tensor2D;
    for (const bias of [b, undefined]) {
      const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(groupLinear(x, w, bias), groupLinearReference(x, w, bias)))).dataSync()[0]!);
      expect(diff).toBeLessThan(1e-5);
    }
  });

  it.each(['depthwiseConv', 'unitLoopCustom', 'blockDiagonal'] as const)(
    '%s gradients agree with finite differences',
    (strategy) => {
      const rng = new Rng(8);
      const x = normal(rng, 'x', [3, 2, 4]);
      const w = tf.mul(normal(rng, 'w', [2, 4, 3]), 0.5);
      const b = normal(rng, 'b', [2, 3]);
      // A smooth, non-linear scalar of O(1) values.
      const f = (xs: tf.Tensor, ws: tf.Tensor, bs: tf.Tensor) =>
        tf.sum(tf.tanh(groupLinear(xs as tf.Tensor3D, ws as tf.Tensor3D, bs as tf.Tensor2D, { strategy }))) as tf.Scalar;
      const check = checkGradients(f as (...a: tf.Tensor[]) => tf.Scalar, [x, w, b], { samples: 12 });
      expect(check.checked).toBe(12 + 12 + 6); // bias [2, 3] has only 6
      expect(check.maxRelError).toBeLessThan(2e-2);
    },
  );

  it('names the argument, the expected shape and what came', () => {
    const w = tf.zeros([3, 4, 5]) as tf.Tensor3D;
    expect(() => groupLinear(tf.zeros([2, 2, 4]) as tf.Tensor3D, w)).toThrow(ShapeError);
    expect(() => groupLinear(tf.zeros([2, 2, 4]) as tf.Tensor3D, w)).toThrow(
      /groupLinear: 'x' must be \[batch, units, in\] = \[\?, 3, 4\], got \[2, 2, 4\]/,
    );
    expect(() => groupLinear(tf.zeros([2, 3, 5]) as tf.Tensor3D, w)).toThrow(/'x' must be \[batch, units, in\] = \[\?, 3, 4\], got \[2, 3, 5\]/);
    expect(() => groupLinear(tf.zeros([2, 3, 4]) as tf.Tensor3D, tf.zeros([4, 5]) as unknown as tf.Tensor3D)).toThrow(
      /groupLinear: 'w' must be \[units, in, out\] = \[\?, \?, \?\], got \[4, 5\]/,
    );
    expect(() => groupLinear(tf.zeros([2, 3, 4]) as tf.Tensor3D, w, tf.zeros([5]) as unknown as tf.Tensor2D)).toThrow(
      /groupLinear: 'bias' must be \[units, out\] = \[3, 5\], got \[5\]/,
    );
  });

  it('rejects an unknown strategy with a ConfigError listing the known ones', () => {
    const call = () => groupLinear(tf.zeros([1, 1, 1]) as tf.Tensor3D, tf.zeros([1, 1, 1]) as tf.Tensor3D, undefined, { strategy: 'fast' as never });
    expect(call).toThrow(ConfigError);
    expect(call).toThrow(/groupLinear: 'strategy' must be one of reference \| batched \| .*depthwiseConv, got "fast"/);
  });

  it('does not leak, forward or backward (default strategy)', async () => {
    const x = tf.ones([2, 3, 4]) as tf.Tensor3D;
    const w = tf.ones([3, 4, 5]) as tf.Tensor3D;
    const b = tf.ones([3, 5]) as tf.Tensor2D;
    await expectNoLeak(() => groupLinear(x, w, b).dispose());
    const f = (xs: tf.Tensor, ws: tf.Tensor, bs: tf.Tensor) => tf.sum(groupLinear(xs as tf.Tensor3D, ws as tf.Tensor3D, bs as tf.Tensor2D));
    await expectNoLeak(() => tf.dispose(tf.tidy(() => tf.grads(f)([x, w, b]))));
    tf.dispose([x, w, b]);
  });
});
