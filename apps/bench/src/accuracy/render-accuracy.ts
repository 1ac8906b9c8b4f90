import { ACCURACY_TASKS, type AccuracyColumn } from './accuracy-tasks.js';
import type { AccuracyResults } from './accuracy-results.js';
import { PAPER_NUMBERS } from './paper-numbers.js';

const cell = (text: string): string => text.replaceAll('|', '\\|');

function value(column: AccuracyColumn, x: number | undefined): string {
  if (x === undefined) return '-';
  return column.kind === 'acc' ? `${(100 * x).toFixed(1)} %` : x.toFixed(Math.abs(x) < 0.1 && x !== 0 ? 4 : 2);
}

function table(header: string[], rows: string[][]): string {
  return [`| ${header.map(cell).join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}

/**
 * The accuracy suite's markdown: per task, every trained model's final in-distribution and
 * out-of-distribution metrics beside the paper's Table 1 (cross-entropy in nats, lower is better;
 * accuracy in %, higher is better). A `-` is a number the source does not give.
 *
 * @example
 * await writeFile('accuracy.md', renderAccuracy(results));
 */
export function renderAccuracy(results: AccuracyResults): string {
  const out = ['## Accuracy', ''];
  if (results.skipped) return `${[...out, `Skipped: ${results.skipped}`].join('\n')}\n`;
  out.push(
    `Trainer presets \`*-${results.preset}\`, models ${results.models.join(', ')}; final evaluation of each model. ` +
      '`in`: the training length / digit size; `OOD`: longer sequences / larger digits. The paper trains 6 units of 100 (top 4) ' +
      'against an LSTM of 600; the `small` presets are 6 x 32 against an LSTM / GRU of 192, so compare the pattern more than the values.',
  );
  for (const run of results.runs) {
    const columns = ACCURACY_TASKS.find((t) => t.task === run.task)!.columns;
    const s = run.summary;
    const where = s ? `${s.backend ?? '?'} backend, ${s.wallTimeSec === null ? '?' : Math.round(s.wallTimeSec)} s` : 'no summary';
    out.push('', `### ${run.task} (\`${run.trainerPreset}\`, ${where}${run.exitCode === 0 ? '' : `, trainer exit code ${run.exitCode}`})`, '');
    const rows: string[][] = [];
    for (const [name, m] of Object.entries(s?.models ?? {})) {
      const state = m.completed ? `${m.steps ?? '?'}` : `${m.steps ?? '?'} (unfinished)`;
      rows.push([`${name} (rimjs)`, state, m.parameters === null ? '-' : m.parameters.toLocaleString('en-US'), ...columns.map((c) => value(c, m.metrics[c.key]))]);
    }
    if (rows.length === 0) rows.push(['(no results: see the trainer output above)', '-', '-', ...columns.map(() => '-')]);
    for (const p of PAPER_NUMBERS[run.task]) rows.push([p.model, '-', '-', ...columns.map((c) => value(c, p.values[c.key]))]);
    out.push(table(['model', 'steps', 'parameters', ...columns.map((c) => c.label)], rows));
    out.push('', `Run folder: \`${run.runDir}\` (summary.json, report.md with learning curves and unit activity).`);
  }
  return `${out.join('\n')}\n`;
}
