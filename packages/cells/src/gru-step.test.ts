import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ShapeError } from '@rimjs/core';
import { TEST_BACKENDS, useBackend } from '@rimjs/core/testing';
import { gruStep } from './gru-step.js';

// Values and gradients: gru-cell.test.ts (GruCell's step is this function).
describe.each(TEST_BACKENDS)('gruStep on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('names the mis-shaped argument, and keeps h where z = 1', () => {
    const z = (s: [number, number]) => tf.zeros(s) as tf.Tensor2D;
    const w = { wIh: z([3, 6]), wHh: z([2, 6]), bIh: tf.zeros([6]) as tf.Tensor1D, bHh: tf.zeros([6]) as tf.Tensor1D };
    expect(() => gruStep(z([4, 3]), z([4, 3]), w)).toThrow(ShapeError);
    expect(() => gruStep(z([4, 3]), z([4, 3]), w)).toThrow("gruStep: 'weights.wIh' must be [inputSize, 3*hidden] = [3, 9], got [3, 6]");
    // A huge update-gate bias makes z = 1: h' = h.
    const bIh = tf.tensor1d([0, 0, 100, 100, 0, 0]);
    const h = tf.tensor2d([[0.3, -0.7]]);
    const out = gruStep(tf.ones([1, 3]) as tf.Tensor2D, h, { ...w, bIh });
    expect(Array.from(out.h.dataSync())).toEqual([Math.fround(0.3), Math.fround(-0.7)]);
  });
});
