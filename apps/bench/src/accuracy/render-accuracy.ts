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

/**
 * The runs in order of first appearance, those of one preset and task together (seeds runs of
 * different models trained apart, e.g. `--model rim` and `--model lstm` into two folders, share
 * one table); a run without seeds.json stands alone.
 */
export function groupRuns(runs: readonly AccuracyRun[]): AccuracyRun[][] {
  const groups = new Map<string, AccuracyRun[]>();
  runs.forEach((run, i) => {
    const key = run.seeds ? `${run.preset}\n${JSON.stringify(run.seeds.task)}` : `#${i}`;
    groups.set(key, [...(groups.get(key) ?? []), run]);
  });
  return [...groups.values()];
}

const folderName = (dir: string): string => dir.split(/[\\/]/).filter(Boolean).at(-1) ?? dir;

function groupSection(group: readonly AccuracyRun[]): string[] {
  const first = group[0]!;
  const failed = group.flatMap((run) => [run.exitCode !== null && run.exitCode !== 0 ? `trainer exit code ${run.exitCode}` : '', run.evalExitCode !== null && run.evalExitCode !== 0 ? `eval exit code ${run.evalExitCode}` : ''].filter(Boolean));
  const task = first.seeds?.task;
  if (!task) return [`### \`${first.preset}\` (${[...failed, 'no seeds.json'].join(', ')})`, '', '(no results: see the trainer output above)'];
  const all = group.map((run) => run.seeds!);
  const done = all.reduce((n, s) => n + s.runs.filter((r) => r.completed).length, 0);
  const total = all.reduce((n, s) => n + s.seeds.length, 0);
  const backends = [...new Set(all.flatMap((s) => s.runs.map((r) => r.backend)).filter((b): b is string => b !== null))];
  const minutes = all.reduce((t, s) => t + s.wallTimeSec, 0) / 60;
  const where = `${done} of ${total} seeds finished, ${backends.join(', ') || '?'} backend, ${minutes.toFixed(1)} min of training summed over seeds${group.length > 1 ? ` and ${group.length} folders` : ''}`;
  const out = [`### ${task.kind}: \`${first.preset}\` (${[where, ...failed].join(', ')})`, ''];
  const columns = accuracyColumns(task);
  const label = (run: AccuracyRun, name: string): string => (group.length > 1 ? `${name} (rimjs, ${folderName(run.dir)})` : `${name} (rimjs)`);
  const rows: string[][] = [];
  for (const run of group) {
    for (const [name, metrics] of Object.entries(run.seeds!.models)) {
      const n = Math.max(0, ...columns.map((c) => metrics[c.key]?.n ?? 0));
      rows.push([label(run, name), String(n), ...columns.map((c) => formatStat(c, metrics[c.key]))]);
    }
  }
  for (const p of PAPER_NUMBERS[task.kind]) rows.push([p.model, '-', ...columns.map((c) => (c.role in p.values ? `${value(c, p.values[c.role]!)}${c.kind === 'acc' ? ' %' : ''}` : '-'))]);
  out.push(table(['model', 'seeds', ...columns.map((c) => c.label)], rows));
  const headline = columns.find((c) => c.key === first.seeds!.headline);
  if (headline) {
    const per = group.flatMap((run) =>
      Object.entries(run.seeds!.models).map(([name, m]) => {
        const st = m[headline.key];
        const who = group.length > 1 ? `${name} (${folderName(run.dir)})` : name;
        return st ? `${who} ${st.values.map((v) => value(headline, v)).join(' / ')} (seeds ${st.seeds.join(', ')})` : `${who} -`;
      }),
    );
    out.push('', `Headline \`${first.seeds!.headline}\` per seed: ${per.join('; ')}.`);
  }
  const folders = group.map((run) => `\`${run.dir}\``).join(', ');
  out.push('', `Seeds folder${group.length > 1 ? 's' : ''}: ${folders} (seeds.json, report.md with every seed's learning curves; each \`seed-<n>/report.md\` has the unit-activity heat maps).`);
  return out;
}

/**
 * The accuracy suite's markdown: per trainer preset and task (one table for the seeds folders
 * that share them), every model's metrics as mean ± std over
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
  for (const group of groupRuns(results.runs)) out.push('', ...groupSection(group));
  return `${out.join('\n')}\n`;
}
