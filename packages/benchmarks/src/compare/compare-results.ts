import { ConfigCheck } from '@rimjs/core';
import type { BenchMode, BenchRecord, BenchResults } from '../schema/bench-record.js';

/** Options of {@link compareResults}. */
export interface CompareOptions {
  /** Relative growth of `msMedian` above which a case is a regression (0.1 = 10 % slower). Default 0.1. */
  threshold?: number;
}

/** `regression`: slower by more than the threshold; `improvement`: faster by more; `added` / `removed`: in one file only. */
export type CompareStatus = 'regression' | 'improvement' | 'unchanged' | 'added' | 'removed';

/** One case compared across two results files. */
export interface CompareRow {
  /** `suite/caseId@backend b<batch> s<steps>`: what is matched. */
  key: string;
  suite: string;
  caseId: string;
  model: string;
  preset: string;
  backend: string;
  mode: BenchMode;
  /** `msMedian` in the old file; `null` when the case is new. */
  oldMs: number | null;
  /** `msMedian` in the new file; `null` when the case was removed. */
  newMs: number | null;
  /** `newMs / oldMs`; `null` when either is missing. */
  ratio: number | null;
  status: CompareStatus;
  /** `ratio > 1 + threshold`. */
  regression: boolean;
}

function keyOf(r: BenchRecord): string {
  return `${r.suite}/${r.caseId}@${r.backend} b${r.batch} s${r.steps} ${r.mode}`;
}

/**
 * Compares two results files case by case (matched on suite, case id, backend, batch, steps and
 * mode): `ratio = new.msMedian / old.msMedian`; a ratio above `1 + threshold` is a regression,
 * below `1 / (1 + threshold)` an improvement. Rows come in the new file's order, then removed cases.
 *
 * @throws ConfigError when `threshold` is not a finite number >= 0.
 * @example
 * const rows = compareResults(await readResults('old/results.json'), results, { threshold: 0.1 });
 * if (rows.some((r) => r.regression)) process.exitCode = 1;
 */
export function compareResults(oldResults: BenchResults, newResults: BenchResults, options: CompareOptions = {}): CompareRow[] {
  const { threshold = 0.1 } = options;
  new ConfigCheck('compareResults').number('threshold', threshold, 0).throwIfAny();
  const old = new Map(oldResults.records.map((r) => [keyOf(r), r]));
  const seen = new Set<string>();
  const rows: CompareRow[] = [];
  const base = (r: BenchRecord) => ({
    key: keyOf(r),
    suite: r.suite,
    caseId: r.caseId,
    model: r.model,
    preset: r.preset,
    backend: r.backend,
    mode: r.mode,
  });
  for (const r of newResults.records) {
    const key = keyOf(r);
    seen.add(key);
    const before = old.get(key);
    if (!before) {
      rows.push({ ...base(r), oldMs: null, newMs: r.msMedian, ratio: null, status: 'added', regression: false });
      continue;
    }
    const ratio = r.msMedian / before.msMedian;
    const regression = ratio > 1 + threshold;
    const status: CompareStatus = regression ? 'regression' : ratio < 1 / (1 + threshold) ? 'improvement' : 'unchanged';
    rows.push({ ...base(r), oldMs: before.msMedian, newMs: r.msMedian, ratio, status, regression });
  }
  for (const [key, r] of old) {
    if (!seen.has(key)) rows.push({ ...base(r), oldMs: r.msMedian, newMs: null, ratio: null, status: 'removed', regression: false });
  }
  return rows;
}
