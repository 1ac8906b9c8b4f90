import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, Parameters, Rng, ShapeError } from '@rimjs/core';
import { expectNoLeak, maxAbsDiff, TEST_BACKENDS, useBackend } from '@rimjs/core/testing';
import { Conv4, conv3x3 } from '../index.js';

describe('conv3x3 and Conv4', () => {
  beforeAll(() => useBackend('cpu'));

  it('conv3x3 equals tf.conv2d(same) in values and gradients', () => {
    tf.tidy(() => {
      const x = tf.randomNormal([2, 5, 6, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
      const w = tf.randomNormal([27, 4], 0, 1, 'float32', 2) as tf.Tensor2D;
      const b = tf.randomNormal([4], 0, 1, 'float32', 3) as tf.Tensor1D;
      const ref = (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => tf.add(tf.conv2d(xx as tf.Tensor4D, tf.reshape(ww, [3, 3, 3, 4]) as tf.Tensor4D, 1, 'same'), bb);
      expect(maxAbsDiff(conv3x3(x, w, b), ref(x, w, b))).toBeLessThan(1e-5);
      const probe = tf.randomNormal([2, 5, 6, 4], 0, 1, 'float32', 4);
      const g1 = tf.grads((xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(conv3x3(xx as tf.Tensor4D, ww as tf.Tensor2D, bb as tf.Tensor1D), probe)))([x, w, b]);
      const g2 = tf.grads((xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(ref(xx, ww, bb), probe)))([x, w, b]);
      g1.forEach((g, i) => expect(maxAbsDiff(g, g2[i]!)).toBeLessThan(1e-4));
    });
  });

  it.each(TEST_BACKENDS)('Conv4 gives [batch, 3 * 3 * channels] at 28 px with 3 pools and trains on %s', async (backend) => {
    await useBackend(backend);
    const params = new Parameters(new Rng(1));
    const net = new Conv4(params, { side: 28, channels: 4, pools: 3 });
    expect(net.featureSize).toBe(36);
    const x = tf.randomUniform([2, 28, 28, 1], 0, 1, 'float32', 5) as tf.Tensor4D;
    const f = net.forward(x);
    expect(f.shape).toEqual([2, 36]);
    const { value, grads } = tf.variableGrads(() => tf.sum(net.forward(x)) as tf.Scalar);
    expect(Object.keys(grads)).toHaveLength(8);
    await expectNoLeak(() => net.forward(x).dispose());
    expect(() => net.forward(tf.zeros([2, 14, 14, 1]) as tf.Tensor4D)).toThrow(ShapeError);
    expect(() => new Conv4(params.scope('b'), { side: 4, channels: 2, pools: 4 })).toThrow(ConfigError);
    tf.dispose([x, f, value, ...Object.values(grads)]);
    net.dispose();
    await useBackend('cpu');
  });
});
