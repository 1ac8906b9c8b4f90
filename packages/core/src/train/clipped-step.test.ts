import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../testing/index.js';
import { clippedStep } from './clipped-step.js';

describe('clippedStep', () => {
  beforeAll(() => useBackend('cpu'));

  it('returns the loss before the update and applies the clipped gradient, leaking nothing', () => {
    const w = tf.variable(tf.tensor1d([3, 4])); // loss = sum(w^2): gradient 2w = [6, 8], norm 10
    const opt = tf.train.sgd(0.1);
    const before = tf.memory().numTensors;
    const loss = clippedStep(opt, () => tf.sum(tf.square(w)) as tf.Scalar, [w], 5);
    expect(tf.memory().numTensors).toBe(before);
    expect(loss).toBe(25);
    // clipped to norm 5: [3, 4]; w <- w - 0.1 * [3, 4]
    const got = Array.from(w.dataSync());
    expect(got[0]).toBeCloseTo(2.7, 6);
    expect(got[1]).toBeCloseTo(3.6, 6);
    opt.dispose();
    w.dispose();
  });
});
