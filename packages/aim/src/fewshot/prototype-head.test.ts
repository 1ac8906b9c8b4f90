import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, Parameters, Rng } from '@rimjs/core';
import { useBackend } from '@rimjs/core/testing';
import { createPrototypeHead, prototypeLogits, sampleEpisode } from '../index.js';

describe('prototype head and episodes', () => {
  beforeAll(() => useBackend('cpu'));

  it('logits are scale * (cos(query, diag * mean of normalised supports) + bias)', () => {
    const params = new Parameters(new Rng(1));
    const head = createPrototypeHead(params, 2);
    (head.diag as tf.Variable).assign(tf.tensor1d([1, 2]));
    (head.bias as tf.Variable).assign(tf.tensor1d([0.5]));
    const support = tf.tensor2d([[3, 0], [0, 2], [0, 5]]);
    const logits = prototypeLogits(head, support, tf.tensor1d([0, 1, 0], 'int32'), tf.tensor2d([[1, 1]]), 2).arraySync()[0]!;
    // class 0: mean of [1, 0] and [0, 1] = [0.5, 0.5], times diag [1, 2] = [0.5, 1]; class 1: [0, 1] -> [0, 2]
    const cos = (a: number[], b: number[]) => (a[0]! * b[0]! + a[1]! * b[1]!) / Math.hypot(...a) / Math.hypot(...b);
    expect(logits[0]).toBeCloseTo(10 * (cos([1, 1], [0.5, 1]) + 0.5), 4);
    expect(logits[1]).toBeCloseTo(10 * (cos([1, 1], [0, 2]) + 0.5), 4);
    params.dispose();
  });

  it('samples N distinct classes with K + Q distinct examples each, reproducibly', () => {
    const byClass = Array.from({ length: 10 }, (_, c) => Array.from({ length: 20 }, (_, i) => c * 20 + i));
    const ep = sampleEpisode(new Rng(3), byClass, { nWay: 5, kShot: 2, nQuery: 3 });
    expect(ep.support).toHaveLength(10);
    expect(ep.query).toHaveLength(15);
    const classOf = (k: number) => Math.floor(k / 20);
    for (let j = 0; j < 5; j++) {
      const s = [...ep.support.slice(j * 2, j * 2 + 2)];
      const q = [...ep.query.slice(j * 3, j * 3 + 3)];
      expect(new Set([...s, ...q].map(classOf)).size).toBe(1);
      expect(new Set([...s, ...q]).size).toBe(5);
      expect([...ep.supportLabels.slice(j * 2, j * 2 + 2), ...ep.queryLabels.slice(j * 3, j * 3 + 3)].every((l) => l === j)).toBe(true);
    }
    expect(new Set([...ep.support].map(classOf)).size).toBe(5);
    expect(sampleEpisode(new Rng(3), byClass, { nWay: 5, kShot: 2, nQuery: 3 }).query).toEqual(ep.query);
    expect(() => sampleEpisode(new Rng(1), byClass, { nWay: 5, kShot: 10, nQuery: 11 })).toThrow('sampleEpisode.byClass: every class needs kShot + nQuery = 21 examples');
    expect(() => sampleEpisode(new Rng(1), byClass, { nWay: 11, kShot: 1, nQuery: 1 })).toThrow(ConfigError);
  });
});
