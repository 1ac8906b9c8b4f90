import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, RimjsError } from '@rimjs/core';
import { useBackend } from '@rimjs/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { measure } from './measure.js';
import { median } from './stats.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('measure', () => {
  beforeAll(() => useBackend('cpu'));

  it('times a known 20 ms sleep: median in [19, 40] ms, min <= median <= max, one time per run', async () => {
    const m = await measure(() => sleep(20), { warmup: 1, runs: 5, label: 'sleep' });
    expect(m.msMedian).toBeGreaterThanOrEqual(19);
    expect(m.msMedian).toBeLessThanOrEqual(40);
    expect(m.msAll).toHaveLength(5);
    expect(m.msMin).toBeLessThanOrEqual(m.msMedian);
    expect(m.msMax).toBeGreaterThanOrEqual(m.msMedian);
    expect(m.msMedian).toBe(median(m.msAll));
    expect(m.tensorsPerRun).toBe(0);
    expect(m.leakedTensors).toBe(0);
  });

  it('counts tensors allocated per run (2 ops = 2 tensors) and finds no leak when fn disposes', async () => {
    const a = tf.tensor1d([1, 2, 3]);
    const m = await measure(
      async () => {
        const y = tf.tidy(() => tf.add(tf.add(a, a), a)); // 2 kernels -> 2 tensors, 1 kept by tidy
        await y.data();
        y.dispose();
      },
      { warmup: 1, runs: 4 },
    );
    a.dispose();
    expect(m.tensorsPerRun).toBe(2);
    expect(m.leakedTensors).toBe(0);
  });

  it('reports leakedTensors = runs for a function that leaks one tensor per run, and throws with onLeak: throw', async () => {
    const leaked: tf.Tensor[] = [];
    const leaky = () => void leaked.push(tf.zeros([2]));
    const m = await measure(leaky, { warmup: 1, runs: 3 });
    expect(m.leakedTensors).toBe(3);
    await expect(measure(leaky, { warmup: 0, runs: 2, label: 'leaky', onLeak: 'throw' })).rejects.toThrow(RimjsError);
    await expect(measure(leaky, { warmup: 0, runs: 2, label: 'leaky', onLeak: 'throw' })).rejects.toThrow(
      'measure(leaky): tf.memory().numTensors grew by 2 over 2 runs',
    );
    tf.dispose(leaked);
  });

  it('finds the peak of tf memory inside a run (a 4000-byte temporary) and samples RSS', async () => {
    const base = tf.memory().numBytes;
    const m = await measure(
      async () => {
        const y = tf.tidy(() => tf.sum(tf.ones([1000]))); // ones: 1000 float32 = 4000 bytes, freed by tidy
        await y.data();
        y.dispose();
      },
      { warmup: 1, runs: 2 },
    );
    expect(m.peakTfBytes).toBeGreaterThanOrEqual(base + 4000);
    expect(m.peakRssBytes).toBeGreaterThan(10 * 2 ** 20);
    expect(m.peakRssBytes).toBeLessThanOrEqual(process.memoryUsage.rss() * 2);
  });

  it('rejects bad run counts with a ConfigError naming the field', async () => {
    await expect(measure(() => undefined, { runs: 0, label: 'x' })).rejects.toThrow(ConfigError);
    await expect(measure(() => undefined, { runs: 0, label: 'x' })).rejects.toThrow('measure(x).runs: must be an integer in [1, ∞], got 0');
    await expect(measure(() => undefined, { warmup: 1.5 })).rejects.toThrow('measure(fn).warmup');
  });
});

describe('median', () => {
  it('is the middle value, or the mean of the two middle ones', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
