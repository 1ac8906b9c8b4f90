import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ShapeError } from '@rimjs/core';
import { TEST_BACKENDS, useBackend } from '@rimjs/core/testing';
import { lstmStep } from './lstm-step.js';

// Values and gradients: lstm-cell.test.ts (LstmCell's step is this function).
describe.each(TEST_BACKENDS)('lstmStep on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('names the mis-shaped argument', () => {
    const z = (s: [number, number]) => tf.zeros(s) as tf.Tensor2D;
    const w = { wIh: z([3, 8]), wHh: z([2, 8]), bIh: tf.zeros([8]) as tf.Tensor1D, bHh: tf.zeros([8]) as tf.Tensor1D };
    expect(() => lstmStep(z([4, 3]), z([4, 2]), z([5, 2]), w)).toThrow(ShapeError);
    expect(() => lstmStep(z([4, 3]), z([4, 2]), z([5, 2]), w)).toThrow("lstmStep: 'c' must be [batch, hidden] = [4, 2], got [5, 2]");
    expect(() => lstmStep(z([4, 4]), z([4, 2]), z([4, 2]), w)).toThrow(
      "lstmStep: 'weights.wIh' must be [inputSize, 4*hidden] = [4, 8], got [3, 8]",
    );
    const out = lstmStep(z([4, 3]), z([4, 2]), z([4, 2]), w);
    // Zero weights: every gate is sigmoid(0) = 0.5, g = tanh(0) = 0, so c' = 0 and h' = 0.
    expect(Array.from(out.c.dataSync())).toEqual(new Array(8).fill(0));
  });
});
