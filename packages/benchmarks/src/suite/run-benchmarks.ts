import * as tf from '@tensorflow/tfjs-core';
import { ConfigError } from '@rimjs/core';
import { SCHEMA_VERSION, type BenchFailure, type BenchRecord, type BenchResults } from '../schema/bench-record.js';
import { machineInfo } from '../schema/machine-info.js';
import { runSuite, type RunSuiteOptions } from './run-suite.js';
import type { Suite } from './suite.js';

/** Options of {@link runBenchmarks}: those of `runSuite`, plus which suites. */
export interface RunBenchmarksOptions extends Omit<RunSuiteOptions, 'onError'> {
  /** Names of the suites to run; default all given. */
  only?: readonly string[];
  /** Called for each failed case; failures are also listed in the results. */
  onFailure?: (failure: BenchFailure) => void;
}

/**
 * Runs several suites and collects one results file `{ schemaVersion: 1, createdAt, machine, run,
 * records, failures? }`. A failing case is listed in `failures` and the run goes on.
 *
 * @throws ConfigError when `only` names a suite that is not given.
 * @example
 * const results = await runBenchmarks([groupLinearSuite()], { backends: ['wasm'], quick: true });
 * await writeReport('bench-results/today', results);
 */
export async function runBenchmarks(suites: readonly Suite[], options: RunBenchmarksOptions = {}): Promise<BenchResults> {
  const { only, onFailure, ...suiteOptions } = options;
  const names = suites.map((s) => s.name);
  const unknown = (only ?? []).filter((n) => !names.includes(n));
  if (unknown.length > 0) {
    throw new ConfigError(unknown.map((n) => `runBenchmarks.only: no suite named ${JSON.stringify(n)} (known: ${names.join(', ')})`));
  }
  const chosen = only ? suites.filter((s) => only.includes(s.name)) : [...suites];
  const backends = [...(suiteOptions.backends ?? [tf.getBackend()])];
  const seed = suiteOptions.seed ?? 42;
  const records: BenchRecord[] = [];
  const failures: BenchFailure[] = [];
  for (const suite of chosen) {
    const onError = (f: BenchFailure): void => {
      failures.push(f);
      onFailure?.(f);
    };
    for await (const r of runSuite(suite, { ...suiteOptions, backends, seed, onError })) records.push(r);
  }
  return {
    schemaVersion: SCHEMA_VERSION,
    createdAt: new Date().toISOString(),
    machine: machineInfo(),
    run: { quick: suiteOptions.quick ?? true, backends, suites: chosen.map((s) => s.name), seed },
    records,
    ...(failures.length > 0 ? { failures } : {}),
  };
}
