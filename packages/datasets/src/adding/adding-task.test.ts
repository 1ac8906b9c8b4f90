import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { ConfigError } from '@rimjs/core';
import { expectNoLeak, useBackend } from '@rimjs/core/testing';
import { AddingTask } from './adding-task.js';

describe('AddingTask', () => {
  beforeAll(() => useBackend('cpu'));

  it('has inputs [time, batch, 2] and targets [batch, 1], float32', () => {
    const task = new AddingTask({ length: 200 });
    expect(task.shapes.inputs).toEqual({ dims: [['time', 200], ['batch', null], ['channels', 2]], dtype: 'float32' });
    const b = task.evaluationSet({ size: 5 });
    expect([b.inputs.shape, b.inputs.dtype, b.targets.shape, b.targets.dtype]).toEqual([[200, 5, 2], 'float32', [5, 1], 'float32']);
    tf.dispose(b);
  });

  for (const length of [2, 50, 51, 200, 1000]) {
    it(`length ${length}: one marker in each half, target the sum of the marked values, in [0, 2)`, () => {
      const batch = length >= 500 ? 16 : 128;
      const { inputs, targets } = new AddingTask({ length }).batchAt(1, batch, length);
      const half = Math.floor(length / 2);
      for (let b = 0; b < batch; b++) {
        const marked: number[] = [];
        for (let t = 0; t < length; t++) {
          const value = inputs.data[(t * batch + b) * 2]!;
          const marker = inputs.data[(t * batch + b) * 2 + 1]!;
          expect(value >= 0 && value < 1).toBe(true);
          expect(marker === 0 || marker === 1).toBe(true);
          if (marker === 1) marked.push(t);
        }
        expect(marked).toHaveLength(2);
        expect(marked[0]!).toBeLessThan(half);
        expect(marked[1]!).toBeGreaterThanOrEqual(half);
        const sum = Math.fround(inputs.data[(marked[0]! * batch + b) * 2]! + inputs.data[(marked[1]! * batch + b) * 2]!);
        expect(targets.data[b]).toBe(sum);
        expect(targets.data[b]! >= 0 && targets.data[b]! < 2).toBe(true);
      }
    });
  }

  it('has the statistics of U(0,1): value mean 1/2, variance 1/12; target mean 1, variance 1/6', () => {
    const n = 4000;
    const { inputs, targets } = new AddingTask({ length: 10 }).batchAt(0, n, 'stats');
    const values = inputs.data.filter((_, i) => i % 2 === 0);
    const mean = (a: ArrayLike<number>): number => Array.from(a).reduce((s, v) => s + v, 0) / a.length;
    const variance = (a: ArrayLike<number>): number => {
      const m = mean(a);
      return mean(Array.from(a, (v) => (v - m) ** 2));
    };
    expect(mean(values)).toBeCloseTo(0.5, 2);
    expect(variance(values)).toBeCloseTo(1 / 12, 2);
    expect(Math.abs(mean(targets.data) - 1)).toBeLessThan(0.03); // sd of the mean: 0.0065
    expect(Math.abs(variance(targets.data) - 1 / 6)).toBeLessThan(0.02);
    // marker positions uniform over each half: first-half marker mean (0+4)/2 = 2, second (5+9)/2 = 7
    const pos: [number[], number[]] = [[], []];
    for (let b = 0; b < n; b++) {
      for (let t = 0; t < 10; t++) if (inputs.data[(t * n + b) * 2 + 1] === 1) pos[t < 5 ? 0 : 1].push(t);
    }
    expect(mean(pos[0])).toBeCloseTo(2, 1);
    expect(mean(pos[1])).toBeCloseTo(7, 1);
  });

  it('is deterministic by seed and step', () => {
    const a = new AddingTask().batchAt(5, 4, 'x');
    expect(a.inputs.data).toEqual(new AddingTask().batchAt(5, 4, 'x').inputs.data);
    expect(a.inputs.data).not.toEqual(new AddingTask().batchAt(5, 4, 'y').inputs.data);
    expect(a.targets.data).not.toEqual(new AddingTask().batchAt(6, 4, 'x').targets.data);
  });

  it('rejects bad configs', () => {
    expect(() => new AddingTask({ length: 1 })).toThrow(ConfigError);
    expect(() => new AddingTask({ length: 1 })).toThrow('AddingConfig.length: must be an integer in [2, ∞], got 1');
  });

  it('leaks no tensor', async () => {
    const task = new AddingTask({ size: 64 });
    await expectNoLeak(() => {
      for (const b of task.batches({ batchSize: 16, seed: 2 })) tf.dispose(b);
    });
    await expectNoLeak(() => tf.dispose(task.evaluationSet({ size: 8 })));
  });
});
