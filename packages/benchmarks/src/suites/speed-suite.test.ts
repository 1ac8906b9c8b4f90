import * as tf from '@tensorflow/tfjs-core';
import { BackendError, ConfigError } from '@rimjs/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { runSuite } from '../suite/run-suite.js';
import { validateRecord } from '../schema/validate-record.js';
import type { BenchRecord } from '../schema/bench-record.js';
import { SPEED_MODELS } from './model-case.js';
import { speedSuite } from './speed-suite.js';
import { TASK_SIZES, type TaskSize } from './task-sizes.js';

// Tiny sizes: every model builds (TIM: 2 mechanisms of 4, 2 heads) and runs in milliseconds.
const tiny: TaskSize[] = [
  { task: 'copying', size: 'small', batch: 2, steps: 4, vocabSize: 5, outputSize: 5, loss: 'all', embedding: 6, units: 2, topK: 1, hidden: 4 },
  { task: 'mnist', size: 'small', batch: 2, steps: 5, vocabSize: 2, outputSize: 3, loss: 'last', embedding: 3, units: 2, topK: 1, hidden: 4 },
];

describe('speedSuite', () => {
  it('has a train and an infer case per model and size; paper sizes and most MNIST RIMs only in full runs', () => {
    const suite = speedSuite();
    expect(suite.name).toBe('speed');
    expect(suite.cases).toHaveLength(TASK_SIZES.length * SPEED_MODELS.length * 2);
    expect(new Set(suite.cases.map((c) => c.id)).size).toBe(suite.cases.length);
    const quick = suite.cases.filter((c) => c.tier !== 'full').map((c) => c.id);
    expect(quick.filter((id) => id.includes('-copying-small-'))).toHaveLength(SPEED_MODELS.length * 2);
    expect(quick.filter((id) => id.includes('-mnist-small-')).map((id) => id.replace('-mnist-small', ''))).toEqual([
      'rim-official-lstm-train', 'rim-official-lstm-infer', 'lstm-train', 'lstm-infer', 'gru-train', 'gru-infer',
      'tim-train', 'tim-infer', 'transformer-train', 'transformer-infer',
    ]);
    expect(suite.cases.filter((c) => c.size === 'paper').every((c) => c.tier === 'full')).toBe(true);
    const paper = suite.cases.find((c) => c.id === 'rim-official-lstm-copying-paper-train')!;
    expect(paper).toMatchObject({ model: 'rim', preset: 'official-lstm', task: 'copying', size: 'paper', batch: 64, steps: 70, warmup: 1, runs: 3, tier: 'full' });
    expect(paper.params).toMatchObject({ units: 6, topK: 4, hidden: 100, embedding: 600 });
    const infer = suite.cases.find((c) => c.id === 'rim-official-lstm-copying-paper-infer')!;
    expect(paper.flopsPerStep).toBe(3 * infer.flopsPerStep);
    const mnist = suite.cases.find((c) => c.id === 'lstm-mnist-paper-train')!;
    expect(mnist).toMatchObject({ preset: 'lstm-600', batch: 64, steps: 196 });
    expect(suite.cases.find((c) => c.id === 'transformer-copying-small-infer')).toMatchObject({ preset: 'transformer-192', params: { dModel: 192, heads: 6, dFF: 768 } });
    expect(suite.cases.find((c) => c.id === 'tim-copying-small-infer')).toMatchObject({ preset: 'tim-6x32', params: { ns: 6 } });
  });

  it('runs RIM layers on the fused engine unless told, and says which in the params', () => {
    const rimCase = (s: ReturnType<typeof speedSuite>) => s.cases.find((x) => x.id === 'rim-official-lstm-copying-small-train')!;
    expect(rimCase(speedSuite()).params!['engine']).toBe('fused');
    expect(rimCase(speedSuite({ engine: 'composed' })).params!['engine']).toBe('composed');
    expect(speedSuite().cases.find((x) => x.id === 'lstm-copying-small-train')!.params!['engine']).toBeUndefined();
    expect(() => speedSuite({ engine: 'fast' as 'fused' })).toThrow('speedSuite.engine: must be one of "fused" | "composed", got "fast"');
  });

  it('does not start an MNIST paper training step on wasm with composed ops (it does not fit in wasm memory), naming why', () => {
    const c = speedSuite({ engine: 'composed' }).cases.find((x) => x.id === 'rim-official-lstm-mnist-paper-train')!;
    expect(() => c.setup({ backend: 'wasm', seed: 1, quick: false })).toThrow(BackendError);
    expect(() => c.setup({ backend: 'wasm', seed: 1, quick: false })).toThrow(
      "rim-official-lstm-mnist-paper-train: not run on wasm: a training step over 196 steps at batch 64 keeps about 4-10 GB of tensors",
    );
  });

  it('rejects unknown models and modes, naming each', () => {
    expect(() => speedSuite({ models: ['rnn' as 'lstm'], modes: ['fit' as 'train'] })).toThrow(ConfigError);
    expect(() => speedSuite({ models: ['rnn' as 'lstm'] })).toThrow('speedSuite.models[0]: must be one of');
  });

  describe.each(['cpu', 'wasm'])('on %s, at tiny sizes', (backend) => {
    let records: BenchRecord[] = [];
    let before = 0;
    let after = 0;
    beforeAll(async () => {
      await tf.setBackend(backend);
      await tf.ready();
      before = tf.memory().numTensors;
      records = [];
      const suite = speedSuite({ sizes: tiny });
      for await (const r of runSuite(suite, { backends: [backend], quick: false, warmup: 0, runs: 1 })) records.push(r);
      after = tf.memory().numTensors;
    });

    it('runs every model and mode once, leaking nothing, with schema-valid records', () => {
      expect(records).toHaveLength(tiny.length * SPEED_MODELS.length * 2);
      expect(after).toBe(before);
      for (const r of records) {
        expect(validateRecord(r, r.caseId)).toEqual([]);
        expect(r.leakedTensors, r.caseId).toBe(0);
        expect(r.backend).toBe(backend);
        expect(r.msMedian).toBeGreaterThan(0);
        expect(r.tensorsPerStep, r.caseId).toBeGreaterThan(0);
        expect(r.params.parameters, r.caseId).toBeGreaterThan(0);
      }
      const lstm = records.find((r) => r.caseId === 'lstm-copying-small-infer')!;
      // dense LSTM of state 2 * 4 = 8 reading an embedding of 6 over a vocabulary of 5, decoding to 5:
      // embedding 5*6, LSTM 4*8*(6 + 8) + 2*4*8 (PyTorch's two biases), decoder 8*5 + 5
      expect(lstm.params.parameters).toBe(5 * 6 + 4 * 8 * (6 + 8) + 2 * 4 * 8 + 8 * 5 + 5);
    });
  });
});
