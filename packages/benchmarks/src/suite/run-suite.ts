import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, initBackend } from '@rimjs/core';
import { measure } from '../measure/measure.js';
import type { BenchFailure, BenchRecord } from '../schema/bench-record.js';
import { validateRecord } from '../schema/validate-record.js';
import { DEFAULT_RUNS, type BenchCase, type Suite } from './suite.js';

/** Options of {@link runSuite}. */
export interface RunSuiteOptions {
  /** Backends to run on, each started with `initBackend` (`auto` allowed). Default: the active one. */
  backends?: readonly string[];
  /** Quick run: quick-tier cases only, {@link DEFAULT_RUNS}.quick runs. Default `true`. */
  quick?: boolean;
  /** Warm-up runs, overriding case and tier defaults. */
  warmup?: number;
  /** Timed runs, overriding case and tier defaults. */
  runs?: number;
  /** Seed passed to every case's setup and echoed in the records. Default 42. */
  seed?: number;
  /** Only cases for which this returns true. */
  filter?: (c: BenchCase) => boolean;
  /** Called with each record as it is made (progress output). */
  onRecord?: (record: BenchRecord) => void;
  /**
   * Called when a case (or a backend) fails; the run goes on. Without it the error is thrown.
   * `caseId` is `*` when the backend could not start.
   */
  onError?: (failure: BenchFailure, error: unknown) => void;
}

function checkCases(suite: Suite): void {
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const c of suite.cases) {
    if (seen.has(c.id)) problems.push(`Suite(${suite.name}).cases: the id ${JSON.stringify(c.id)} is used twice`);
    seen.add(c.id);
  }
  if (problems.length > 0) throw new ConfigError(problems);
}

/**
 * Runs a suite: for each backend (started with `initBackend`), for each case, `setup`, `measure`
 * the case's `run`, `dispose`, and yield a validated {@link BenchRecord}. Tensors left after
 * `dispose` (or grown during the runs) are reported as `leakedTensors`.
 *
 * @throws ConfigError when two cases share an id, or a case yields a record that breaks the schema.
 * @throws whatever a case or `initBackend` throws, unless `onError` is given.
 * @example
 * for await (const record of runSuite(groupLinearSuite(), { backends: ['wasm', 'cpu'] })) {
 *   console.log(record.caseId, record.backend, record.msPerStep.toFixed(2), 'ms/step');
 * }
 */
export async function* runSuite(suite: Suite, options: RunSuiteOptions = {}): AsyncGenerator<BenchRecord> {
  const { quick = true, seed = 42, filter, onRecord, onError } = options;
  checkCases(suite);
  const backends = options.backends ?? [tf.getBackend()];
  const tier = quick ? DEFAULT_RUNS.quick : DEFAULT_RUNS.full;
  const cases = suite.cases.filter((c) => !(quick && c.tier === 'full') && (filter?.(c) ?? true));
  const fail = (caseId: string, backend: string, error: unknown): void => {
    if (!onError) throw error;
    onError({ suite: suite.name, caseId, backend, message: (error as Error)?.message ?? String(error) }, error);
  };

  for (const requested of backends) {
    let backend: string;
    try {
      backend = (await initBackend(requested)).name;
    } catch (e) {
      fail('*', requested, e);
      continue;
    }
    for (const c of cases) {
      const warmup = options.warmup ?? c.warmup ?? tier.warmup;
      const runs = options.runs ?? c.runs ?? tier.runs;
      const tensorsBefore = tf.memory().numTensors;
      let record: BenchRecord;
      try {
        const instance = await c.setup({ backend, seed, quick });
        let m;
        try {
          m = await measure(() => instance.run(), { warmup, runs, label: `${suite.name}/${c.id}@${backend}` });
        } finally {
          instance.dispose();
        }
        const leftover = tf.memory().numTensors - tensorsBefore;
        const ms = Math.max(m.msMedian, 1e-6); // timers have finite resolution; never divide by 0
        record = {
          suite: suite.name,
          caseId: c.id,
          model: c.model,
          preset: c.preset,
          task: c.task,
          size: c.size,
          backend,
          mode: c.mode,
          batch: c.batch,
          steps: c.steps,
          warmup,
          runs,
          seed,
          msMedian: m.msMedian,
          msMin: m.msMin,
          msMax: m.msMax,
          msAll: m.msAll,
          msPerStep: m.msMedian / c.steps,
          seqPerSec: (c.batch * 1000) / ms,
          peakRssBytes: m.peakRssBytes,
          peakTfBytes: m.peakTfBytes,
          tensorsPerStep: m.tensorsPerRun / c.steps,
          leakedTensors: Math.max(m.leakedTensors, leftover),
          flopsPerStep: c.flopsPerStep,
          gflops: (c.flopsPerStep * c.steps) / (ms * 1e6),
          params: { ...c.params, ...instance.params },
          ...(c.scaleAxis !== undefined ? { scaleAxis: c.scaleAxis } : {}),
        };
      } catch (e) {
        fail(c.id, backend, e);
        continue;
      }
      const problems = validateRecord(record, `${suite.name}/${c.id}`);
      if (problems.length > 0) throw new ConfigError(problems);
      onRecord?.(record);
      yield record;
    }
  }
}
