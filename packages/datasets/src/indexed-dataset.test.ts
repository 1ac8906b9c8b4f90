import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { ConfigError } from '@rimjs/core';
import { expectNoLeak, useBackend } from '@rimjs/core/testing';
import { IndexedDataset } from './indexed-dataset.js';
import type { HostBatch, TensorSpec } from './dataset.js';

/** A toy set of 10 examples whose value is its index. */
class Indices extends IndexedDataset<'x', { x: tf.Tensor1D }> {
  readonly name = 'indices';
  readonly size = 10;
  readonly shapes: { x: TensorSpec } = { x: { dims: [['batch', null]], dtype: 'int32' } };
  protected gather(indices: Int32Array): HostBatch<'x'> {
    return { x: { data: Int32Array.from(indices), shape: [indices.length], dtype: 'int32' } };
  }
}

describe('IndexedDataset', () => {
  beforeAll(() => useBackend('cpu'));
  const ds = new Indices();

  it('visits distinct examples in an epoch, each at most once, leaving size mod batchSize out', () => {
    const seen = [...ds.batches({ batchSize: 3, seed: 1 })].flatMap((b) => Array.from(b.x.dataSync()));
    expect(seen).toHaveLength(9);
    expect(new Set(seen).size).toBe(9);
    seen.forEach((i) => expect(i).toBeGreaterThanOrEqual(0));
    seen.forEach((i) => expect(i).toBeLessThan(10));
  });

  it('each epoch is a full permutation of its own, continued across epochs by step', () => {
    const epoch = (e: number): number[] =>
      Array.from({ length: 5 }, (_, s) => Array.from(ds.batchAt(e * 5 + s, 2, 'x').x.data)).flat();
    expect([...epoch(0)].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...epoch(1)].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(epoch(0)).not.toEqual(epoch(1));
    expect(epoch(0)).toEqual(Array.from(ds.epochOrder('x', 0)));
    const resumed = [...ds.batches({ batchSize: 2, seed: 'x', start: 5, steps: 5 })].flatMap((b) => Array.from(b.x.dataSync()));
    expect(resumed).toEqual(epoch(1));
  });

  it('depends on the seed', () => {
    expect(Array.from(ds.epochOrder(1, 0))).not.toEqual(Array.from(ds.epochOrder(2, 0)));
    expect(Array.from(ds.epochOrder(1, 0))).toEqual(Array.from(new Indices().epochOrder(1, 0)));
  });

  it('evaluationSet is the stored order', () => {
    const e = ds.evaluationSet({ size: 4 });
    expect(Array.from(e.x.dataSync())).toEqual([0, 1, 2, 3]);
    expect(ds.evaluationSet().x.shape).toEqual([10]);
    expect(() => ds.evaluationSet({ size: 11 })).toThrow(ConfigError);
  });

  it('leaks no tensor', async () => {
    await expectNoLeak(() => {
      for (const b of ds.batches({ batchSize: 4, seed: 3, steps: 7 })) tf.dispose(b);
    });
  });
});
