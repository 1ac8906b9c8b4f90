import { join } from 'node:path';
import { renderVegaLite, summarize, writeFileAtomic, writeJson } from '@rimjs/runkit';
import type { Preset } from './presets.js';
import type { RunResult } from './train-run.js';

const kb = (b: number) => `${(b / 1024).toFixed(1)} KiB`;

/** The results table in markdown: one row per run id, mean ± std over seeds where there are several. */
export function markdownTable(preset: Preset, results: RunResult[]): string {
  const lines = [
    `| run | method | hidden | block | recurrent block sparsity | params (nonzero / total) | file (sparse / dense) | ${results[0]?.metric ?? 'metric'} | step matmuls b=1: sparse / dense ms | b=32: sparse / dense ms | train wall |`,
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const spec of preset.runs) {
    const rs = results.filter((r) => r.run === spec.id);
    if (rs.length === 0) continue;
    const r = rs[0]!;
    const s = summarize(rs.map((x) => x.value));
    const v = rs.length > 1 ? `${s.mean.toFixed(3)} ± ${s.std.toFixed(3)} (n=${rs.length})` : s.mean.toFixed(3);
    const inf = (b: number) => {
      const i = r.inference.find((x) => x.batch === b)!;
      if (r.method === 'dense') return `- / ${i.denseMs.toFixed(3)}`;
      return `${i.sparseMs.toFixed(3)} / ${i.denseMs.toFixed(3)} (${(i.denseMs / i.sparseMs).toFixed(2)}x)`;
    };
    const wall = summarize(rs.map((x) => x.trainSec)).mean;
    lines.push(
      `| ${r.run} | ${r.method} | ${r.hidden} | ${r.block} | ${(100 * r.recurrentSparsity).toFixed(1)} % | ${r.nonzeroParams.toLocaleString('en')} / ${r.params.toLocaleString('en')} | ${kb(r.sparseFileBytes)} / ${kb(r.denseFileBytes)} | ${v} | ${inf(1)} | ${inf(32)} | ${wall.toFixed(0)} s |`,
    );
  }
  return lines.join('\n');
}

/** Writes `results.json`, `results.md` and `curves.svg` (training loss per run) under `dir`. */
export async function writeReport(dir: string, preset: Preset, results: RunResult[], command: string): Promise<string> {
  writeJson(join(dir, 'results.json'), { preset, command, results: results.map(({ losses: _l, ...r }) => r) });
  const table = markdownTable(preset, results);
  const md = [`# ${preset.name}`, '', preset.description, '', `Command: \`${command}\``, `Backend: ${results[0]?.backend ?? '?'}; seeds ${preset.seeds.join(', ')}; ${preset.steps} steps of batch ${preset.batch}.`, '', table, ''].join('\n');
  writeFileAtomic(join(dir, 'results.md'), md);
  const values = results.flatMap((r) => r.losses.map((l) => ({ run: `${r.run} s${r.seed}`, step: l.step, loss: l.loss })));
  const svg = await renderVegaLite({
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: `${preset.name}: training loss`,
    width: 560,
    height: 300,
    data: { values },
    transform: [{ window: [{ op: 'mean', field: 'loss', as: 'smooth' }], frame: [-5, 5], groupby: ['run'], sort: [{ field: 'step' }] }],
    mark: 'line',
    encoding: {
      x: { field: 'step', type: 'quantitative' },
      y: { field: 'smooth', type: 'quantitative', title: 'loss (nats, smoothed)', scale: { zero: false } },
      color: { field: 'run', type: 'nominal' },
    },
  });
  writeFileAtomic(join(dir, 'curves.svg'), svg);
  const scatter = await renderVegaLite({
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: `${preset.name}: ${results[0]?.metric ?? ''} vs nonzero parameters`,
    width: 400,
    height: 300,
    data: { values: results.map((r) => ({ run: r.run, nonzero: r.nonzeroParams, value: r.value })) },
    mark: { type: 'point', filled: true, size: 80 },
    encoding: {
      x: { field: 'nonzero', type: 'quantitative', title: 'nonzero parameters', scale: { zero: false } },
      y: { field: 'value', type: 'quantitative', title: results[0]?.metric ?? '', scale: { zero: false } },
      color: { field: 'run', type: 'nominal' },
    },
  });
  writeFileAtomic(join(dir, 'tradeoff.svg'), scatter);
  return md;
}
