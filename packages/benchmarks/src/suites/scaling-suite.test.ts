import * as tf from '@tensorflow/tfjs-core';
import { ConfigError } from '@rimjs/core';
import { describe, expect, it } from 'vitest';
import { runSuite } from '../suite/run-suite.js';
import { validateRecord } from '../schema/validate-record.js';
import { scalingSuite } from './scaling-suite.js';
import type { TaskSize } from './task-sizes.js';

const tiny: TaskSize = { task: 'copying', size: 'small', batch: 2, steps: 3, vocabSize: 5, outputSize: 5, loss: 'all', embedding: 4, units: 2, topK: 1, hidden: 4 };

describe('scalingSuite', () => {
  it('grows units (topK = ceil(units / 2)), hidden and length from the copying small sizes', () => {
    const suite = scalingSuite();
    expect(suite.name).toBe('scaling');
    const rim = suite.cases.filter((c) => c.model === 'rim');
    const axis = (a: string) => rim.filter((c) => c.scaleAxis === a);
    expect(axis('units').map((c) => [c.params!.units, c.params!.topK, c.params!.hidden])).toEqual([[2, 1, 32], [4, 2, 32], [6, 3, 32], [12, 6, 32], [24, 12, 32]]);
    expect(axis('hidden').map((c) => [c.params!.hidden, c.params!.units, c.params!.topK])).toEqual([[16, 6, 4], [32, 6, 4], [64, 6, 4], [128, 6, 4]]);
    expect(axis('length').map((c) => [c.params!.length, c.steps])).toEqual([[10, 10], [30, 30], [50, 50], [100, 100]]);
    expect(rim.every((c) => c.mode === 'train' && c.preset === 'official-lstm' && c.batch === 16 && c.params!.embedding === 64)).toBe(true);
    // quick: 3 points per axis, RIM only; the LSTM of the same total state in full runs
    expect(suite.cases.filter((c) => c.tier !== 'full').map((c) => c.id)).toEqual([
      'rim-units2', 'rim-units6', 'rim-units24', 'rim-hidden16', 'rim-hidden32', 'rim-hidden128', 'rim-length10', 'rim-length30', 'rim-length100',
    ]);
    expect(suite.cases.find((c) => c.id === 'lstm-units12')).toMatchObject({ model: 'lstm', tier: 'full', scaleAxis: 'units', params: { units: 12, hidden: 32, state: 384 } });
    expect(new Set(suite.cases.map((c) => c.id)).size).toBe(suite.cases.length);
  });

  it('runs tiny points on cpu without leaking, with schema-valid records', async () => {
    await tf.setBackend('cpu');
    await tf.ready();
    const before = tf.memory().numTensors;
    const suite = scalingSuite({ base: tiny, units: [2, 3], hidden: [2], lengths: [2] });
    const records = [];
    for await (const r of runSuite(suite, { backends: ['cpu'], quick: false, warmup: 0, runs: 1 })) records.push(r);
    expect(records.map((r) => r.caseId)).toEqual(['rim-units2', 'lstm-units2', 'rim-units3', 'lstm-units3', 'rim-hidden2', 'lstm-hidden2', 'rim-length2', 'lstm-length2']);
    expect(tf.memory().numTensors).toBe(before);
    for (const r of records) {
      expect(validateRecord(r, r.caseId)).toEqual([]);
      expect(r.leakedTensors).toBe(0);
      expect(r.params[r.scaleAxis!]).toBeTypeOf('number');
    }
  });

  it('rejects a bad axis value naming it', () => {
    expect(() => scalingSuite({ units: [0], lengths: [2.5] })).toThrow(ConfigError);
    expect(() => scalingSuite({ units: [0], lengths: [2.5] })).toThrow('scalingSuite.units[0]: must be an integer in [1, ∞], got 0\n  scalingSuite.lengths[0]: must be an integer in [1, ∞], got 2.5');
  });
});
