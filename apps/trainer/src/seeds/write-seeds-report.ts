import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '@rimjs/runkit';
import { formatTable } from '../log/format-table.js';
import { formatValue } from '../log/format-value.js';
import { readMetrics, type MetricsEntry } from '../log/metrics-log.js';
import { CENSUS_EXPLAINED, censusTable } from '../report/census-markdown.js';
import { RUN_FILES } from '../run/run-paths.js';
import { tableKeys } from '../tasks/metric-keys.js';
import { formatSeedMetric } from './format-seed-metric.js';
import { seedsCurveSvg } from './seeds-curve-svg.js';
import { refreshSeedsFile, type SeedsFile } from './seeds-file.js';

/** The file of the learning curves of every seed, beside the parent's report.md. */
export const SEEDS_CURVES_FILE = 'learning-curves.svg';

/**
 * The report's markdown of a seeds run: the headline table (per metric and model: mean ± std over
 * the seeds that finished, n, and every seed's value), on copying the memory census of each seed
 * (`file.census`), the learning curves of every seed, and a link to each seed's own report (its
 * final metrics beside the paper and its unit-activity heat maps).
 */
export function seedsReportMarkdown(file: SeedsFile): string {
  const models = Object.keys(file.models);
  const keys = tableKeys(file.task, 'ood').filter((k) => models.some((m) => file.models[m]![k]));
  const parts = [`# Seeds run \`${file.preset}\``, ''];
  const done = file.runs.filter((r) => r.completed).length;
  parts.push(
    `Seeds ${file.seeds.join(', ')} (${done} of ${file.seeds.length} finished), each a complete run folder \`seed-<n>/\` with the same preset and options; ` +
      `wall time ${(file.wallTimeSec / 60).toFixed(1)} min summed over seeds. Headline: \`${file.headline}\`.`,
    '',
  );
  parts.push('## Mean ± std over seeds', '');
  const rows: string[][] = [];
  for (const key of keys) {
    for (const m of models) {
      const s = file.models[m]![key];
      if (!s) continue;
      rows.push([key === file.headline ? `**${key}**` : key, m, formatSeedMetric(key, s), String(s.n), ...file.seeds.map((seed) => {
        const i = s.seeds.indexOf(seed);
        return i < 0 ? '-' : formatValue(key, s.values[i]);
      })]);
    }
  }
  parts.push(rows.length > 0 ? formatTable(['metric', 'model', 'mean ± std', 'n', ...file.seeds.map((s) => `seed ${s}`)], rows) : 'No model has finished on any seed yet.', '');
  parts.push('Standard deviations are sample ones (n - 1). Out-of-distribution lengths beyond the test length appear after `pnpm train eval` on this folder; a seed\'s `pnpm train eval --eval-size N` with more examples than training\'s final evaluation replaces its final values (the seeds below say on how many examples each was measured).', '');
  const census = Object.fromEntries(
    file.seeds.flatMap((seed) => Object.entries(file.census ?? {}).flatMap(([model, bySeed]) => (bySeed[seed] ? [[`${model}, seed ${seed}`, bySeed[seed]]] : []))),
  );
  if (Object.keys(census).length > 0) {
    parts.push('## Memory census', '', 'From each seed\'s `pnpm train eval`:', '', censusTable(census), '', CENSUS_EXPLAINED, '');
  }
  parts.push('## Learning curves', '', `![learning curves of every seed](${SEEDS_CURVES_FILE})`, '', `A colour per model, a line per seed; dashed: training loss (window means), solid: \`${file.headline}\` at each evaluation.`, '');
  parts.push('## Seeds', '');
  for (const r of file.runs) {
    const report = join(r.dir, RUN_FILES.report);
    const state = r.completed ? `finished, ${r.wallTimeSec === null ? '?' : (r.wallTimeSec / 60).toFixed(1)} min on ${r.backend ?? '?'}` : 'not finished';
    parts.push(`- seed ${r.seed} (${state}${examplesNote(r.examplesPerSet)}): [${report}](${report}) (final metrics beside the paper, unit-activity heat maps)`);
  }
  return `${parts.join('\n')}\n`;
}

/** `; metrics on 1000 examples per set (rim, lstm)`: the sizes behind a seed's final metrics, per model; empty for seeds files written before they were kept. */
function examplesNote(examples: Readonly<Record<string, number>> | undefined): string {
  const bySize = new Map<number, string[]>();
  for (const [model, n] of Object.entries(examples ?? {})) bySize.set(n, [...(bySize.get(n) ?? []), model]);
  return [...bySize].map(([n, models]) => `; metrics on ${n} examples per set (${models.join(', ')})`).join('');
}

/**
 * Re-reads the seed folders of the seeds run in `dir`, rewrites `seeds.json` and writes
 * `report.md` and `learning-curves.svg` (all atomically).
 *
 * @returns the seeds file written.
 * @throws ConfigError when `dir` is not a seeds run.
 */
export async function writeSeedsReport(dir: string, seeds?: readonly number[]): Promise<SeedsFile> {
  const file = refreshSeedsFile(dir, seeds);
  const logs: Record<string, Record<number, MetricsEntry[]>> = {};
  for (const m of Object.keys(file.models)) {
    logs[m] = {};
    for (const r of file.runs) {
      const mdir = join(dir, r.dir, m);
      if (existsSync(mdir)) logs[m][r.seed] = readMetrics(mdir);
    }
  }
  writeFileAtomic(join(dir, SEEDS_CURVES_FILE), await seedsCurveSvg(logs, { title: `${file.preset}: every seed's training loss and ${file.headline}`, metric: file.headline }));
  writeFileAtomic(join(dir, RUN_FILES.report), seedsReportMarkdown(file));
  return file;
}
