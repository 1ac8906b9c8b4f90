import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeak } from '../testing/expect-no-leak.js';
import { TEST_BACKENDS, useBackend } from '../testing/backends.js';
import { FLOAT32_MIN_NORMAL, flushDenormalGradient, flushDenormals } from './flush-denormals.js';

describe.each(TEST_BACKENDS)('flushDenormals on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('zeroes exactly the denormals and keeps every other value', async () => {
    const values = [0, 1e-40, -1e-40, 1.4e-45, FLOAT32_MIN_NORMAL, -FLOAT32_MIN_NORMAL, 1e-37, -3, 2.5, Infinity];
    const x = tf.tensor1d(values);
    const y = flushDenormals(x);
    const f32 = Float32Array.from(values);
    expect(Array.from(await y.data())).toEqual([0, 0, 0, 0, f32[4], f32[5], f32[6], -3, 2.5, Infinity]);
    await expectNoLeak(() => flushDenormals(x).dispose());
    tf.dispose([x, y]);
  });

  it('flushDenormalGradient is the identity forward and flushes the gradient', async () => {
    const x = tf.tensor1d([1, 2, 3]);
    const w = tf.tensor1d([1e-40, 0.5, -1e-39]); // multiplies the gradient
    const y = flushDenormalGradient(x);
    expect(Array.from(await y.data())).toEqual([1, 2, 3]);
    const g = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(flushDenormalGradient(a), w)))(x);
    expect(Array.from(await g.data())).toEqual([0, 0.5, 0]);
    tf.dispose([x, w, y, g]);
  });
});
