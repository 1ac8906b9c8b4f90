import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { ConfigError } from '@rimjs/core';
import { expectNoLeak, useBackend } from '@rimjs/core/testing';
import { TwoSourceMarkov } from './two-source-markov.js';

describe('TwoSourceMarkov', () => {
  beforeAll(() => useBackend('cpu'));

  it('has batch-major int32 tokens, targets and source of [batch, time]; defaults: time 64, vocab 16', () => {
    const task = new TwoSourceMarkov();
    expect([task.time, task.vocab, task.name]).toEqual([64, 16, 'markov2-v8-o0-T64']);
    expect(task.shapes.tokens).toEqual({ dims: [['batch', null], ['time', 64]], dtype: 'int32' });
    const b = task.toTensors(task.batchAt(0, 8, 1));
    expect([b.tokens.shape, b.targets.shape, b.source.shape]).toEqual([[8, 64], [8, 64], [8, 64]]);
    expect([b.tokens.dtype, b.targets.dtype, b.source.dtype]).toEqual(['int32', 'int32', 'int32']);
    tf.dispose(b);
  });

  it('builds two different stochastic matrices with `branching` successors per state', () => {
    const task = new TwoSourceMarkov({ vocabSize: 6, branching: 3 });
    for (const p of task.transitions) {
      for (let s = 0; s < 6; s++) {
        const row = Array.from(p.subarray(s * 6, s * 6 + 6));
        expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
        expect(row.filter((x) => x > 0)).toHaveLength(3);
      }
    }
    expect(Array.from(task.transitions[0])).not.toEqual(Array.from(task.transitions[1]));
    expect(Array.from(new TwoSourceMarkov({ chainSeed: 1 }).transitions[0])).not.toEqual(Array.from(new TwoSourceMarkov().transitions[0]));
  });

  it('targets are the next tokens, each token comes from its source\'s vocabulary and chain', () => {
    const task = new TwoSourceMarkov({ time: 40, vocabSize: 5, overlap: 2 });
    expect(task.vocab).toBe(8);
    const { tokens, targets, source } = task.batchAt(2, 64, 'chains');
    const v = 5;
    for (let b = 0; b < 64; b++) {
      const last: Array<number | undefined> = [undefined, undefined];
      for (let t = 0; t < 40; t++) {
        const i = b * 40 + t;
        if (t < 39) expect(targets.data[i]).toBe(tokens.data[i + 1]);
        const k = source.data[i]!;
        expect(k === 0 || k === 1).toBe(true);
        const state = tokens.data[i]! - (k === 0 ? 0 : v - 2); // source 1 emits 3..7
        expect(state >= 0 && state < v).toBe(true);
        // the chain resumes from its own last state, whatever the other source emitted meanwhile
        if (last[k] !== undefined) expect(task.transitions[k]![last[k]! * v + state]).toBeGreaterThan(0);
        last[k] = state;
      }
    }
  });

  it('switches source with the configured probability, and follows the transition matrices', () => {
    const p = 0.2;
    const task = new TwoSourceMarkov({ time: 100, switchProbability: p });
    const { tokens, source } = task.batchAt(0, 400, 3);
    let switches = 0;
    let ones = 0;
    for (let b = 0; b < 400; b++) {
      for (let t = 0; t < 100; t++) {
        ones += source.data[b * 100 + t]!;
        if (t > 0 && source.data[b * 100 + t] !== source.data[b * 100 + t - 1]) switches++;
      }
    }
    const n = 400 * 99; // sd of the switch count: sqrt(n p (1 - p)) ~ 80
    expect(Math.abs(switches - n * p)).toBeLessThan(5 * Math.sqrt(n * p * (1 - p)));
    expect(Math.abs(ones / 40000 - 0.5)).toBeLessThan(0.05);
    // empirical transitions of source 0 within its runs match transitions[0]
    const counts = new Array(64).fill(0);
    for (let b = 0; b < 400; b++) {
      let prev: number | undefined;
      for (let t = 0; t < 100; t++) {
        const i = b * 100 + t;
        if (source.data[i] !== 0) continue;
        if (prev !== undefined) counts[prev * 8 + tokens.data[i]!]++;
        prev = tokens.data[i]!;
      }
    }
    for (let s = 0; s < 8; s++) {
      const total = counts.slice(s * 8, s * 8 + 8).reduce((a: number, b: number) => a + b, 0);
      for (let n2 = 0; n2 < 8; n2++) {
        const expected = task.transitions[0][s * 8 + n2]!;
        if (total > 200) expect(Math.abs(counts[s * 8 + n2] / total - expected)).toBeLessThan(0.1);
      }
    }
  });

  it('never switches with probability 0 and always with 1', () => {
    const still = new TwoSourceMarkov({ time: 20, switchProbability: 0 }).batchAt(0, 10, 1).source.data;
    const flip = new TwoSourceMarkov({ time: 20, switchProbability: 1 }).batchAt(0, 10, 1).source.data;
    for (let b = 0; b < 10; b++) {
      for (let t = 1; t < 20; t++) {
        expect(still[b * 20 + t]).toBe(still[b * 20]);
        expect(flip[b * 20 + t]).toBe(1 - flip[b * 20 + t - 1]!);
      }
    }
  });

  it('is deterministic by (seed, step), and batches() equals batchAt()', () => {
    const task = new TwoSourceMarkov();
    expect(task.batchAt(5, 4, 9).tokens.data).toEqual(new TwoSourceMarkov().batchAt(5, 4, 9).tokens.data);
    expect(task.batchAt(5, 4, 9).tokens.data).not.toEqual(task.batchAt(5, 4, 10).tokens.data);
    expect(task.batchAt(5, 4, 9).tokens.data).not.toEqual(task.batchAt(6, 4, 9).tokens.data);
    const b = task.batches({ batchSize: 4, seed: 9, start: 5, steps: 1 }).next().value!;
    expect(Array.from(b.source.dataSync())).toEqual(Array.from(task.batchAt(5, 4, 9).source.data));
    tf.dispose(b);
  });

  it('keeps the two-source stream of before the sources option (golden values)', () => {
    const { tokens, source } = new TwoSourceMarkov({ time: 12 }).batchAt(3, 2, 7);
    expect(Array.from(tokens.data)).toEqual([2, 5, 4, 5, 3, 6, 1, 3, 6, 2, 4, 5, 8, 12, 14, 12, 14, 10, 8, 12, 3, 6, 1, 5]);
    expect(Array.from(source.data)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0]);
  });

  it('interleaves `sources` chains: own token ranges, switches to the others uniformly', () => {
    const task = new TwoSourceMarkov({ sources: 4, vocabSize: 6, time: 50, switchProbability: 0.3 });
    expect([task.vocab, task.name, task.transitions.length]).toEqual([24, 'markov4-v6-o0-T50', 4]);
    expect(new TwoSourceMarkov({ sources: 3, vocabSize: 6, overlap: 2 }).vocab).toBe(14); // 3 * 6 - 2 * 2
    expect(new TwoSourceMarkov({ sources: 3, vocabSize: 6, overlap: 2 }).tokenOf(2, 5)).toBe(13);
    const { tokens, source } = task.batchAt(0, 200, 5);
    const seen = [0, 0, 0, 0];
    const moves = Array.from({ length: 4 }, () => [0, 0, 0, 0]);
    let switches = 0;
    for (let b = 0; b < 200; b++) {
      const last: Array<number | undefined> = [undefined, undefined, undefined, undefined];
      for (let t = 0; t < 50; t++) {
        const i = b * 50 + t;
        const k = source.data[i]!;
        seen[k]!++;
        expect(Math.floor(tokens.data[i]! / 6)).toBe(k); // source k emits 6k .. 6k + 5
        const state = tokens.data[i]! - 6 * k;
        if (last[k] !== undefined) expect(task.transitions[k]![last[k]! * 6 + state]).toBeGreaterThan(0);
        last[k] = state;
        if (t > 0 && k !== source.data[i - 1]) {
          switches++;
          moves[source.data[i - 1]!]![k]!++;
        }
      }
    }
    for (const n of seen) expect(Math.abs(n / 10000 - 0.25)).toBeLessThan(0.06);
    const n = 200 * 49; // switches ~ Binomial(n, 0.3)
    expect(Math.abs(switches - 0.3 * n)).toBeLessThan(5 * Math.sqrt(n * 0.3 * 0.7));
    // from each source, the three others about equally often, never itself
    for (let a = 0; a < 4; a++) {
      const out = moves[a]!;
      const total = out.reduce((x, y) => x + y, 0);
      expect(out[a]).toBe(0);
      for (let c = 0; c < 4; c++) if (c !== a) expect(Math.abs(out[c]! / total - 1 / 3)).toBeLessThan(0.08);
    }
  });

  it('rejects bad configs, naming every field', () => {
    expect(() => new TwoSourceMarkov({ vocabSize: 4, overlap: 5 })).toThrow(ConfigError);
    expect(() => new TwoSourceMarkov({ vocabSize: 4, overlap: 5, switchProbability: 1.5 })).toThrow(
      /TwoSourceMarkovConfig\.overlap: must be an integer in \[0, vocabSize = 4\], got 5\n.*TwoSourceMarkovConfig\.switchProbability: must be a number in \[0, 1\], got 1.5/,
    );
    expect(() => new TwoSourceMarkov({ branching: 9 })).toThrow(/TwoSourceMarkovConfig\.branching: must be an integer in \[1, vocabSize = 8\], got 9/);
    expect(() => new TwoSourceMarkov({ vocabSize: 1 })).toThrow(/TwoSourceMarkovConfig\.vocabSize/);
    expect(() => new TwoSourceMarkov({ sources: 1 })).toThrow(/TwoSourceMarkovConfig\.sources: must be an integer in \[2, ∞\], got 1/);
    expect(() => new TwoSourceMarkov({ length: 5 } as never)).toThrow(/TwoSourceMarkovConfig\.length: unknown field/);
  });

  it('leaks no tensor over batches and evaluationSet', async () => {
    const task = new TwoSourceMarkov({ size: 32, time: 16 });
    await expectNoLeak(() => {
      for (const b of task.batches({ batchSize: 8, seed: 1 })) tf.dispose(b);
    });
    await expectNoLeak(() => tf.dispose(task.evaluationSet({ size: 16 })));
  });
});
