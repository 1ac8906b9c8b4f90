import type { BenchRecord, BenchResults } from '../schema/bench-record.js';
import { cell, flopsText, fmt, groupBy, mib, table } from './format.js';

/** Options of {@link renderMarkdown}. */
export interface RenderMarkdownOptions {
  /** Title of the report. Default `rimjs benchmarks`. */
  title?: string;
  /** Images to embed after the tables, e.g. the SVGs `writeReport` writes. */
  images?: ReadonlyArray<{ title: string; file: string }>;
  /** Extra markdown appended at the end (e.g. `renderComparison(...)`). */
  appendix?: string;
}

/** Records run under the same conditions, where a "fastest" is meaningful. */
function conditionKey(r: BenchRecord): string {
  return `${r.mode}|${r.size}|${r.batch}|${r.steps}`;
}

/** The fastest record of each condition that has at least two models. */
function fastest(records: readonly BenchRecord[]): Set<BenchRecord> {
  const marked = new Set<BenchRecord>();
  for (const group of groupBy(records, conditionKey).values()) {
    if (new Set(group.map((r) => r.model)).size < 2) continue;
    marked.add(group.reduce((best, r) => (r.msPerStep < best.msPerStep ? r : best)));
  }
  return marked;
}

const HEADER = [
  'case', 'model', 'preset', 'size', 'mode', 'batch', 'steps', 'ms/step', 'ms/run min-max', 'seq/s',
  'GFLOP/s', 'FLOPs/step', 'tensors/step', 'peak RSS', 'peak tf', 'leaked',
];

function row(r: BenchRecord, isFastest: boolean): string[] {
  return [
    r.caseId,
    isFastest ? `**${r.model}** (fastest)` : r.model,
    r.preset,
    r.size,
    r.mode,
    String(r.batch),
    String(r.steps),
    isFastest ? `**${fmt(r.msPerStep)}**` : fmt(r.msPerStep),
    `${fmt(r.msMin)}-${fmt(r.msMax)}`,
    fmt(r.seqPerSec),
    fmt(r.gflops),
    flopsText(r.flopsPerStep),
    fmt(r.tensorsPerStep),
    mib(r.peakRssBytes),
    mib(r.peakTfBytes),
    r.leakedTensors === 0 ? '0' : `**${r.leakedTensors} LEAK**`,
  ];
}

/**
 * Renders results as markdown: the machine and run echoed, then one table per suite, task and
 * backend. Within a table, among records with the same mode, size, batch and steps and at least
 * two models, the fastest (lowest ms/step) is marked `**model** (fastest)`. Leaks are flagged.
 *
 * @example
 * await writeFile('report.md', renderMarkdown(results));
 */
export function renderMarkdown(results: BenchResults, options: RenderMarkdownOptions = {}): string {
  const { title = 'rimjs benchmarks', images = [], appendix } = options;
  const m = results.machine;
  const out: string[] = [`# ${title}`, ''];
  out.push(
    `Created ${results.createdAt} on ${m.os} (${m.platform}/${m.arch}), ${m.cpuCount} x ${m.cpuModel}, ` +
      `${mib(m.totalMemoryBytes)} memory, Node ${m.node}, tfjs ${m.tfjs}.`,
  );
  if (results.run) {
    const r = results.run;
    out.push('', `Run: ${r.quick ? 'quick' : 'full'}, suites ${r.suites.join(', ') || '-'}, backends ${r.backends.join(', ')}, seed ${r.seed}.`);
  }
  out.push(
    '',
    'Times are per run (`steps` steps of `batch` sequences, result read back); `ms/step` is the median. ' +
      'FLOPs are counted from the shapes (train = 3 x forward).',
  );
  for (const [suite, bySuite] of groupBy(results.records, (r) => r.suite)) {
    out.push('', `## Suite \`${suite}\``);
    for (const group of groupBy(bySuite, (r) => `${r.task}|${r.backend}`).values()) {
      const { task, backend } = group[0]!;
      const marked = fastest(group);
      out.push('', `### ${cell(task)} on ${cell(backend)}`, '', table(HEADER, group.map((r) => row(r, marked.has(r)))));
    }
  }
  if (results.records.length === 0) out.push('', 'No records.');
  if (results.failures && results.failures.length > 0) {
    out.push('', '## Failures', '', table(['suite', 'case', 'backend', 'error'], results.failures.map((f) => [f.suite, f.caseId, f.backend, f.message])));
  }
  if (images.length > 0) {
    out.push('', '## Charts');
    for (const img of images) out.push('', `### ${img.title}`, '', `![${img.title}](${img.file})`);
  }
  if (appendix) out.push('', appendix);
  return `${out.join('\n')}\n`;
}
