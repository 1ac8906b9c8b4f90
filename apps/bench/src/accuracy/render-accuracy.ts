import { accuracyColumns, type AccuracyColumn } from './accuracy-tasks.js';
import type { AccuracyResults, AccuracyRun } from './accuracy-results.js';
import { PAPER_NUMBERS } from './paper-numbers.js';
import type { SeedStat } from './read-seeds.js';

const cell = (text: string): string => text.replaceAll('|', '\\|');

/** Decimals of an error: 4 when `scale` (the largest magnitude shown together) is below 0.1, else 2. */
const decimals = (scale: number): number => (scale < 0.1 && scale !== 0 ? 4 : 2);

/** A value as its column shows it: accuracies in % to 1 decimal, errors by {@link decimals} of `scale`. */
function value(column: AccuracyColumn, x: number, scale = Math.abs(x)): string {
  return column.kind === 'acc' ? (100 * x).toFixed(1) : x.toFixed(decimals(scale));
}

/** `mean ± std` over seeds with the same decimals (the mean alone for one seed), `-` when no seed has the metric. */
export function formatStat(column: AccuracyColumn, s: SeedStat | undefined): string {
  if (!s) return '-';
  const unit = column.kind === 'acc' ? ' %' : '';
  const scale = Math.max(Math.abs(s.mean), Math.abs(s.std));
  return s.n > 1 ? `${value(column, s.mean, scale)} ± ${value(column, s.std, scale)}${unit}` : `${value(column, s.mean)}${unit}`;
}

function table(header: string[], rows: string[][]): string {
  return [`| ${header.map(cell).join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}

function runSection(run: AccuracyRun): string[] {
  const s = run.seeds;
  const failed = [run.exitCode !== null && run.exitCode !== 0 ? `trainer exit code ${run.exitCode}` : '', run.evalExitCode !== null && run.evalExitCode !== 0 ? `eval exit code ${run.evalExitCode}` : ''].filter(Boolean);
  if (!s) return [`### \`${run.preset}\` (${[...failed, 'no seeds.json'].join(', ')})`, '', '(no results: see the trainer output above)'];
  const done = s.runs.filter((r) => r.completed).length;
  const backends = [...new Set(s.runs.map((r) => r.backend).filter((b): b is string => b !== null))];
  const where = `${done} of ${s.seeds.length} seeds finished, ${backends.join(', ') || '?'} backend, ${(s.wallTimeSec / 60).toFixed(1)} min of training summed over seeds`;
  const out = [`### ${s.task.kind}: \`${run.preset}\` (${[where, ...failed].join(', ')})`, ''];
  const columns = accuracyColumns(s.task);
  const rows: string[][] = [];
  for (const [name, metrics] of Object.entries(s.models)) {
    const n = Math.max(0, ...columns.map((c) => metrics[c.key]?.n ?? 0));
    rows.push([`${name} (rimjs)`, String(n), ...columns.map((c) => formatStat(c, metrics[c.key]))]);
  }
  for (const p of PAPER_NUMBERS[s.task.kind]) rows.push([p.model, '-', ...columns.map((c) => (c.role in p.values ? `${value(c, p.values[c.role]!)}${c.kind === 'acc' ? ' %' : ''}` : '-'))]);
  out.push(table(['model', 'seeds', ...columns.map((c) => c.label)], rows));
  const headline = columns.find((c) => c.key === s.headline);
  if (headline) {
    const per = Object.entries(s.models).map(([name, m]) => {
      const st = m[headline.key];
      return st ? `${name} ${st.values.map((v) => value(headline, v)).join(' / ')} (seeds ${st.seeds.join(', ')})` : `${name} -`;
    });
    out.push('', `Headline \`${s.headline}\` per seed: ${per.join('; ')}.`);
  }
  out.push('', `Seeds folder: \`${run.dir}\` (seeds.json, report.md with every seed's learning curves; each \`seed-<n>/report.md\` has the unit-activity heat maps).`);
  return out;
}

/**
 * The accuracy suite's markdown: per trainer preset, every model's metrics as mean ± std over
 * seeds at the training length (`in`), 4x and 10x it (MNIST: each larger side), beside the paper's
 * Table 1 in the column of the same ratio (cross-entropy on the copied symbols in nats and MSE:
 * lower is better; accuracy in %: higher is better). A `-` is a number the source does not give.
 *
 * @example
 * await writeFile('accuracy.md', renderAccuracy(results));
 */
export function renderAccuracy(results: AccuracyResults): string {
  const out = ['## Accuracy', ''];
  if (results.skipped) return `${[...out, `Skipped: ${results.skipped}`].join('\n')}\n`;
  out.push(
    `Mean ± sample std over seeds ${results.seeds.join(', ')}, final evaluation of each seed. \`in\`: the training length or digit size; \`4x\`, \`10x\`: ` +
      'that many times the training length (the paper trains at 50 and tests at 200 = 4x); MNIST: the larger sides at the paper\'s ratios 16 / 19 / 24 to 14. ' +
      'The paper trains 6 units of 100 (top 4) against an LSTM of 600; the CPU presets train 6 units of 16 against an LSTM of 96 at shorter lengths, ' +
      'so compare the pattern (does the RIM keep a low error out of distribution where the LSTM fails) more than the values.',
  );
  for (const run of results.runs) out.push('', ...runSection(run));
  return `${out.join('\n')}\n`;
}
