import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../testing/backends.js';
import { recordedOp } from './recorded-op.js';

/** `y = x^3` with a kept `x^2` for the backward: `dy/dx = 3 x^2`. */
function cube(x: tf.Tensor, calls: { forward: number; backward: number; kept: number }): tf.Tensor {
  return recordedOp(
    [x],
    ([a], record) => {
      calls.forward++;
      const sq = tf.square(a!);
      if (record) calls.kept++;
      return { value: tf.mul(sq, a!), state: record ? sq : null, kept: record ? [sq] : [] };
    },
    (dy, sq) => {
      calls.backward++;
      return [tf.mul(dy, tf.mul(sq!, 3))];
    },
  );
}

describe('recordedOp', () => {
  beforeAll(() => useBackend('cpu'));

  it('gives the value, and the hand-written gradient from what it kept', () => {
    const calls = { forward: 0, backward: 0, kept: 0 };
    const x = tf.tensor1d([1, -2, 3]);
    expect(Array.from(cube(x, calls).dataSync())).toEqual([1, -8, 27]);
    expect(calls).toEqual({ forward: 1, backward: 0, kept: 0 }); // no tape: nothing kept
    const g = tf.grad((a: tf.Tensor) => tf.sum(cube(a, calls)))(x);
    expect(Array.from(g.dataSync())).toEqual([3, 12, 27]);
    expect(calls).toEqual({ forward: 2, backward: 1, kept: 1 });
    tf.dispose([x, g]);
  });

  it('frees what it kept when the gradient is done, also when the backward never ran', () => {
    const calls = { forward: 0, backward: 0, kept: 0 };
    const x = tf.variable(tf.tensor1d([1, 2]));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const { value, grads } = tf.variableGrads(() => tf.sum(cube(x, calls)) as tf.Scalar, [x]);
      tf.dispose([value, grads] as unknown as tf.TensorContainer);
      const unused = tf.variableGrads(() => {
        cube(x, calls);
        return tf.sum(x) as tf.Scalar;
      }, [x]);
      tf.dispose([unused.value, unused.grads] as unknown as tf.TensorContainer);
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(calls.backward).toBe(3);
    expect(calls.kept).toBe(6);
    x.dispose();
  });
});
