// Records and results for the tests of this package (not built, not exported).
import type { BenchRecord, BenchResults } from './schema/bench-record.js';

/** A valid record; `over` replaces fields. */
export function makeRecord(over: Partial<BenchRecord> = {}): BenchRecord {
  return {
    suite: 'speed',
    caseId: 'rim-copying-train',
    model: 'rim',
    preset: 'copying',
    task: 'copying',
    size: 'paper',
    backend: 'cpu',
    mode: 'train',
    batch: 64,
    steps: 10,
    warmup: 1,
    runs: 3,
    seed: 42,
    msMedian: 20,
    msMin: 18,
    msMax: 25,
    msAll: [18, 20, 25],
    msPerStep: 2,
    seqPerSec: 3200,
    peakRssBytes: 300_000_000,
    peakTfBytes: 12_000_000,
    tensorsPerStep: 40,
    leakedTensors: 0,
    flopsPerStep: 1e8,
    gflops: 50,
    params: { units: 6, hidden: 100 },
    ...over,
  };
}

/** A valid results file holding `records`. */
export function makeResults(records: BenchRecord[]): BenchResults {
  return {
    schemaVersion: 1,
    createdAt: '2025-01-02T03:04:05.000Z',
    machine: {
      os: 'Linux 6.8.0',
      platform: 'linux',
      arch: 'x64',
      cpuModel: 'Test CPU',
      cpuCount: 2,
      totalMemoryBytes: 8 * 2 ** 30,
      node: 'v20.0.0',
      tfjs: '4.22.0',
      backend: 'cpu',
    },
    run: { quick: true, backends: ['cpu'], suites: ['speed'], seed: 42 },
    records,
  };
}
