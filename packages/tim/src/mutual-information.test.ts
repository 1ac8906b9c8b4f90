import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, ShapeError } from '@rimjs/core';
import { expectNoLeak, useBackend } from '@rimjs/core/testing';
import { mutualInformation } from './mutual-information.js';
import { competitionWinners } from './competition-winners.js';
import { specializationScore } from './specialization-score.js';

describe('mutualInformation', () => {
  it('matches a hand computation from counts', () => {
    // counts: (0,0) 2, (0,1) 1, (1,1) 2, (1,0) 1 of 6; all marginals 3 of 6
    // I = 2 * (2/6) log2((2/6) / (1/4)) + 2 * (1/6) log2((1/6) / (1/4)) = (2/3) log2(4/3) + (1/3) log2(2/3)
    const hand = (2 / 3) * Math.log2(4 / 3) + (1 / 3) * Math.log2(2 / 3);
    expect(mutualInformation([0, 0, 1, 1, 1, 0], [0, 1, 1, 1, 0, 0])).toBeCloseTo(hand, 12);
    expect(hand).toBeCloseTo(0.0817, 4);
  });

  it('is H(x) when y determines x, 0 when independent, and symmetric', () => {
    expect(mutualInformation([0, 0, 1, 1], [2, 2, 3, 3])).toBeCloseTo(1, 12);
    expect(mutualInformation([0, 0, 0, 1], [5, 5, 5, 7])).toBeCloseTo(-(0.75 * Math.log2(0.75) + 0.25 * Math.log2(0.25)), 12);
    expect(mutualInformation([0, 1, 0, 1], [0, 0, 1, 1])).toBe(0);
    expect(mutualInformation([0, 0, 0, 0], [0, 1, 2, 3])).toBe(0);
    const x = [0, 1, 1, 0, 1, 1, 0, 0, 1];
    const y = [2, 0, 1, 2, 0, 0, 1, 2, 1];
    expect(mutualInformation(x, y)).toBeCloseTo(mutualInformation(y, x), 12);
  });

  it('rejects bad labels', () => {
    expect(() => mutualInformation([0, 1], [0])).toThrow(ShapeError);
    expect(() => mutualInformation([0, 1], [0])).toThrow("mutualInformation: 'x' and 'y' must be [n] with the same n > 0, got [2] and [1]");
    expect(() => mutualInformation([0, 1.5], [0, 1])).toThrow(ConfigError);
    expect(() => mutualInformation([0, 1], [0, -1])).toThrow("mutualInformation: 'y' must hold non-negative integer labels, got -1 at index 1");
  });
});

describe('competitionWinners and specializationScore', () => {
  beforeAll(() => useBackend('cpu'));

  it('take the argmax mechanism per position and score it against the source', async () => {
    const c = tf.tensor3d([[[0.7, 0.2, 0.1], [0.1, 0.1, 0.8], [0.6, 0.3, 0.1], [0.2, 0.2, 0.6]]]); // [1, 4, 3]
    const w = competitionWinners(c);
    expect(w.dtype).toBe('int32');
    expect(Array.from(w.dataSync())).toEqual([0, 2, 0, 2]);
    expect(specializationScore([1, 0, 1, 0], c)).toBeCloseTo(1, 12);
    expect(specializationScore([1, 1, 0, 0], c)).toBe(0);
    expect(() => specializationScore([1, 0], c)).toThrow("specializationScore: 'source' must have batch * time = 4 labels, got 2");
    await expectNoLeak(() => specializationScore([1, 0, 1, 0], c));
    tf.dispose([c, w]);
  });
});
