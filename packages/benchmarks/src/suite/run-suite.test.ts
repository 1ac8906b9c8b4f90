import * as tf from '@tensorflow/tfjs-core';
import { ConfigError } from '@rimjs/core';
import { useBackend } from '@rimjs/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateRecord } from '../schema/validate-record.js';
import { validateResults } from '../schema/validate-results.js';
import { groupLinearSuite } from '../suites/group-linear-suite.js';
import type { BenchRecord } from '../schema/bench-record.js';
import { runBenchmarks } from './run-benchmarks.js';
import { runSuite } from './run-suite.js';
import type { BenchCase, Suite } from './suite.js';

const tiny = () => groupLinearSuite({ size: 'small', batch: 2, scalingUnits: [2, 3] });

async function collect(suite: Suite, options: Parameters<typeof runSuite>[1]): Promise<BenchRecord[]> {
  const out: BenchRecord[] = [];
  for await (const r of runSuite(suite, options)) out.push(r);
  return out;
}

/** A case whose run sleeps `ms` and makes one tensor (disposed, or leaked into `leak`). */
function sleepCase(id: string, ms: number, over: Partial<BenchCase> = {}, leak?: tf.Tensor[]): BenchCase {
  return {
    id, model: 'lstm', preset: 'p', task: 't', size: 'small', mode: 'infer', batch: 4, steps: 2, flopsPerStep: 1e6,
    params: { hidden: 8 },
    setup: () => ({
      run: async () => {
        const t = tf.zeros([3]);
        await new Promise((r) => setTimeout(r, ms));
        await t.data();
        if (leak) leak.push(t);
        else t.dispose();
      },
      dispose: () => undefined,
    }),
    ...over,
  };
}

describe('runSuite', () => {
  beforeAll(() => useBackend('cpu'));

  it('runs the groupLinear demo suite on cpu at tiny sizes: valid records, nothing leaks', async () => {
    const before = tf.memory().numTensors;
    const seen: string[] = [];
    const records = await collect(tiny(), { backends: ['cpu'], runs: 2, warmup: 1, onRecord: (r) => seen.push(r.caseId) });
    expect(tf.memory().numTensors).toBe(before);
    expect(records.map((r) => r.caseId)).toEqual(seen);
    expect(records).toHaveLength(4 * 2 + 2); // 4 maps x (infer, train) + 2 scaling cases
    for (const r of records) {
      expect(validateRecord(r)).toEqual([]);
      expect(r).toMatchObject({ suite: 'groupLinear', backend: 'cpu', model: 'rim', size: 'small', batch: 2, steps: 1, runs: 2, warmup: 1, seed: 42, leakedTensors: 0 });
      expect(r.tensorsPerStep).toBeGreaterThan(0);
      expect(r.params.strategy).toBeTypeOf('string');
    }
    const hidden = records.find((r) => r.caseId === 'lstm-hidden-train')!;
    // small lstm-hidden: 6 units, [2, 25] @ [25, 100] + bias, x3 for training.
    expect(hidden.flopsPerStep).toBe(3 * 6 * (2 * 2 * 25 * 100 + 2 * 100));
    expect(hidden.gflops).toBeCloseTo(hidden.flopsPerStep / (hidden.msMedian * 1e6), 9);
    expect(hidden.seqPerSec).toBeCloseTo((2 * 1000) / hidden.msMedian, 6);
    const scaling = records.filter((r) => r.scaleAxis === 'units');
    expect(scaling.map((r) => r.params.units)).toEqual([2, 3]);
  });

  it('runs demo cases on wasm too (forward and backward), leak-free', async () => {
    const before = tf.memory().numTensors;
    const records = await collect(tiny(), { backends: ['wasm'], runs: 1, warmup: 1, filter: (c) => c.id.startsWith('comm-query') });
    expect(records.map((r) => [r.caseId, r.backend, r.leakedTensors])).toEqual([['comm-query-infer', 'wasm', 0], ['comm-query-train', 'wasm', 0]]);
    expect(tf.memory().numTensors).toBe(before);
    await useBackend('cpu');
  });

  it('derives ms/step, seq/s and gflops from a known sleep, and echoes the seed', async () => {
    const [r] = await collect({ name: 's', cases: [sleepCase('sleep', 20)] }, { runs: 3, warmup: 0, seed: 7 });
    expect(r!.msMedian).toBeGreaterThanOrEqual(19);
    expect(r!.msMedian).toBeLessThanOrEqual(40);
    expect(r!.msPerStep).toBeCloseTo(r!.msMedian / 2, 9);
    expect(r!.seqPerSec).toBeCloseTo(4000 / r!.msMedian, 9);
    expect(r!.gflops).toBeCloseTo((1e6 * 2) / (r!.msMedian * 1e6), 12);
    expect(r!.tensorsPerStep).toBe(0.5); // one tensor per run of 2 steps
    expect(r!.seed).toBe(7);
    expect(r!.backend).toBe('cpu');
  });

  it('reports a leaking case through leakedTensors', async () => {
    const before = tf.memory().numTensors;
    const leaked: tf.Tensor[] = [];
    const [r] = await collect({ name: 's', cases: [sleepCase('leaky', 0, {}, leaked)] }, { runs: 3, warmup: 1 });
    expect(r!.leakedTensors).toBe(3 + 1 + 1); // warm-up, 3 timed runs, the counting run
    expect(tf.memory().numTensors - before).toBe(5);
    tf.dispose(leaked);
  });

  it('skips full-tier cases in quick runs, and applies a case filter', async () => {
    const suite: Suite = { name: 's', cases: [sleepCase('q', 0), sleepCase('f', 0, { tier: 'full' })] };
    expect((await collect(suite, { runs: 1, warmup: 0 })).map((r) => r.caseId)).toEqual(['q']);
    expect((await collect(suite, { quick: false, runs: 1, warmup: 0 })).map((r) => r.caseId)).toEqual(['q', 'f']);
    expect((await collect(suite, { quick: false, runs: 1, warmup: 0, filter: (c) => c.id === 'f' })).map((r) => r.caseId)).toEqual(['f']);
  });

  it('rejects duplicate ids and a case whose record breaks the schema', async () => {
    await expect(collect({ name: 'dup', cases: [sleepCase('x', 0), sleepCase('x', 0)] }, {})).rejects.toThrow(
      'Suite(dup).cases: the id "x" is used twice',
    );
    await expect(collect({ name: 's', cases: [sleepCase('bad', 0, { batch: 0 })] }, { runs: 1, warmup: 0 })).rejects.toThrow(ConfigError);
    await expect(collect({ name: 's', cases: [sleepCase('bad', 0, { batch: 0 })] }, { runs: 1, warmup: 0 })).rejects.toThrow('s/bad.batch: must be >= 1, got 0');
  });

  it('reports a failing case or backend through onError and goes on', async () => {
    const failing = sleepCase('boom', 0, { setup: () => Promise.reject(new Error('no Einsum')) });
    const failures: string[] = [];
    const records = await collect(
      { name: 's', cases: [failing, sleepCase('ok', 0)] },
      { backends: ['cpu', 'nope'], runs: 1, warmup: 0, onError: (f) => failures.push(`${f.caseId}@${f.backend}: ${f.message}`) },
    );
    expect(records.map((r) => r.caseId)).toEqual(['ok']);
    expect(failures).toHaveLength(2);
    expect(failures[0]).toBe('boom@cpu: no Einsum');
    expect(failures[1]).toMatch(/^\*@nope: initBackend: 'name' must be one of auto \| /);
  });
});

describe('runBenchmarks', () => {
  beforeAll(() => useBackend('cpu'));

  it('collects a valid results file with the run echoed', async () => {
    const results = await runBenchmarks([tiny(), { name: 'other', cases: [sleepCase('x', 0)] }], { backends: ['cpu'], only: ['other'], runs: 1, warmup: 0 });
    expect(validateResults(results)).toEqual([]);
    expect(results.run).toEqual({ quick: true, backends: ['cpu'], suites: ['other'], seed: 42 });
    expect(results.records.map((r) => r.suite)).toEqual(['other']);
    expect(results.machine.backend).toBe('cpu');
    await expect(runBenchmarks([tiny()], { only: ['speed'] })).rejects.toThrow('runBenchmarks.only: no suite named "speed" (known: groupLinear)');
  });
});
