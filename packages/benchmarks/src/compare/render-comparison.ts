import { fmt, table } from '../report/format.js';
import type { CompareRow } from './compare-results.js';

/**
 * Renders {@link compareResults} rows as a markdown section: a summary line, then a table of
 * case, backend, mode, old and new median ms, ratio and status (regressions in bold).
 *
 * @param threshold the threshold the rows were computed with, echoed in the summary.
 * @example
 * console.log(renderComparison(compareResults(old, results), { threshold: 0.1 }));
 */
export function renderComparison(rows: readonly CompareRow[], { threshold = 0.1, title = 'Comparison' } = {}): string {
  const count = (s: CompareRow['status']) => rows.filter((r) => r.status === s).length;
  const regressions = count('regression');
  const summary =
    `${regressions} regression(s), ${count('improvement')} improvement(s), ${count('unchanged')} unchanged, ` +
    `${count('added')} added, ${count('removed')} removed (threshold ${fmt(threshold * 100)} % on msMedian).`;
  const body = table(
    ['case', 'backend', 'mode', 'old ms', 'new ms', 'ratio', 'status'],
    rows.map((r) => [
      `${r.suite}/${r.caseId}`,
      r.backend,
      r.mode,
      r.oldMs === null ? '-' : fmt(r.oldMs),
      r.newMs === null ? '-' : fmt(r.newMs),
      r.ratio === null ? '-' : `${r.ratio.toFixed(2)}x`,
      r.regression ? '**REGRESSION**' : r.status,
    ]),
  );
  return [`## ${title}`, '', summary, '', body].join('\n');
}
