import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, Rng } from '@rimjs/core';
import { expectNoLeak, useBackend } from '@rimjs/core/testing';
import { rankPositionMask, sampleRankPositions } from './index.js';

describe('stochastic rank-position selection', () => {
  beforeAll(() => useBackend('cpu'));

  it('draws k distinct positions below c, reproducibly from a seed, covering every position', () => {
    const a = sampleRankPositions(new Rng(3), 10, 8);
    expect(a).toEqual(sampleRankPositions(new Rng(3), 10, 8));
    expect(new Set(a).size).toBe(8);
    expect(a.every((p) => p >= 0 && p < 10)).toBe(true);
    const seen = new Set<number>();
    const rng = new Rng(4);
    for (let i = 0; i < 30; i++) sampleRankPositions(rng, 12, 10).forEach((p) => seen.add(p));
    expect(seen.size).toBe(12);
    expect(() => sampleRankPositions(new Rng(1), 3, 4)).toThrow(ConfigError);
  });

  it('marks the mechanisms at those ranks (rank 0 = largest; ties to the lower index), with no gradient', async () => {
    const s = tf.tensor2d([[0.1, 0.9, 0.5, 0.7], [0.3, 0.3, 0.3, 0.3]]);
    expect(rankPositionMask(s, { candidates: 3, positions: [0, 2] }).arraySync()).toEqual([[0, 1, 1, 0], [1, 0, 1, 0]]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(rankPositionMask(t as tf.Tensor2D, { candidates: 4, positions: [3] }), t)))(s);
    expect(g.arraySync()).toEqual([[1, 0, 0, 0], [0, 0, 0, 1]]); // only the direct product term
    await expectNoLeak(() => rankPositionMask(s, { candidates: 2, positions: [1] }).dispose());
    tf.dispose([s, g]);
  });
});
