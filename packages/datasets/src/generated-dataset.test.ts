import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, type Rng } from '@rimjs/core';
import { expectNoLeak, useBackend } from '@rimjs/core/testing';
import { GeneratedDataset } from './generated-dataset.js';
import type { HostBatch, TensorSpec } from './dataset.js';

/** A toy generator: each example is one uint32 draw of its rng. */
class Draws extends GeneratedDataset<'x', { x: tf.Tensor1D }> {
  readonly name = 'draws';
  readonly size = 10;
  readonly evaluationSize = 3;
  readonly shapes: { x: TensorSpec } = { x: { dims: [['batch', null]], dtype: 'int32' } };
  protected generate(rng: Rng, count: number): HostBatch<'x'> {
    return { x: { data: Int32Array.from({ length: count }, () => rng.uint32() | 0), shape: [count], dtype: 'int32' } };
  }
}

describe('GeneratedDataset', () => {
  beforeAll(() => useBackend('cpu'));
  const ds = new Draws();

  it('yields one epoch of floor(size / batchSize) batches by default, equal to batchAt', () => {
    const got = [...ds.batches({ batchSize: 3, seed: 5 })];
    expect(got).toHaveLength(3);
    got.forEach((b, i) => expect(Array.from(b.x.dataSync())).toEqual(Array.from(ds.batchAt(i, 3, 5).x.data)));
    tf.dispose(got);
  });

  it('resumes exactly from start and honours steps', () => {
    const full = [...ds.batches({ batchSize: 2, seed: 'run', steps: 6 })].map((b) => Array.from(b.x.dataSync()));
    const resumed = [...ds.batches({ batchSize: 2, seed: 'run', start: 4, steps: 2 })].map((b) => Array.from(b.x.dataSync()));
    expect(resumed).toEqual(full.slice(4));
  });

  it('is a pure function of (seed, step): same seed same batch, other seed or step differs', () => {
    expect(ds.batchAt(3, 4, 9).x.data).toEqual(ds.batchAt(3, 4, 9).x.data);
    expect(ds.batchAt(3, 4, 9).x.data).not.toEqual(ds.batchAt(3, 4, 10).x.data);
    expect(ds.batchAt(3, 4, 9).x.data).not.toEqual(ds.batchAt(4, 4, 9).x.data);
  });

  it('evaluationSet is fixed per seed and differs from training batches', () => {
    const a = ds.evaluationSet();
    const b = ds.evaluationSet();
    expect(a.x.shape).toEqual([3]);
    expect(Array.from(a.x.dataSync())).toEqual(Array.from(b.x.dataSync()));
    expect(Array.from(a.x.dataSync())).not.toEqual(Array.from(ds.batchAt(0, 3, 0).x.data));
    expect(ds.evaluationSet({ size: 7, seed: 2 }).x.shape).toEqual([7]);
    tf.dispose([a, b]);
  });

  it('rejects bad options, naming the field', () => {
    expect(() => ds.batches({ batchSize: 0, seed: 1 }).next()).toThrow(ConfigError);
    expect(() => ds.batches({ batchSize: 11, seed: 1 }).next()).toThrow(/draws\.batches\.batchSize: must be an integer in \[1, size = 10\], got 11/);
    expect(() => ds.batches({ batchSize: 2, seed: 1.5 }).next()).toThrow(/seed: must be a safe integer or a string, got 1.5/);
    expect(() => ds.batches({ batchSize: 2, seed: 1, start: -1 }).next()).toThrow(/start: must be an integer/);
    expect(() => ds.batches({ batchSize: 2, seed: 1, steps: 1.5 }).next()).toThrow(/steps: must be a non-negative integer or Infinity/);
    expect(() => ds.batches({ batchSize: 2, seed: 1, bogus: 1 } as never).next()).toThrow(/bogus: unknown field/);
    expect(() => ds.batchAt(-1, 2, 1)).toThrow(/draws\.batchAt\.step/);
    expect(() => ds.evaluationSet({ size: 0 })).toThrow(/draws\.evaluationSet\.size/);
  });

  it('leaks no tensor over iteration, early break and evaluation', async () => {
    await expectNoLeak(() => {
      for (const b of ds.batches({ batchSize: 2, seed: 1 })) tf.dispose(b);
    }, { label: 'batches' });
    await expectNoLeak(() => {
      for (const b of ds.batches({ batchSize: 2, seed: 1, steps: Infinity })) {
        tf.dispose(b);
        break;
      }
    }, { label: 'break' });
    await expectNoLeak(() => tf.dispose(ds.evaluationSet()), { label: 'evaluationSet' });
  });
});
