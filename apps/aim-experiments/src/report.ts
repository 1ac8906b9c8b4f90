import { join } from 'node:path';
import { renderVegaLite, summarize, writeFileAtomic } from '@rimjs/runkit';
import type { ContinualResult } from './continual-experiment.js';
import type { FewshotResult } from './fewshot-experiment.js';

const pct = (v: number) => (100 * v).toFixed(2);

/** Few-shot rows: per shot, domain and arm, the mean over seeds of the per-seed episode means, with the seeds' 95% CI and each seed's value ± its episode CI. */
export function fewshotTable(results: readonly FewshotResult[]): string {
  const lines = ['| shot | domain | arm | mean over seeds (± 95% CI over seeds) | per seed: mean ± 95% CI over episodes | episodes | train s/seed |', '| --- | --- | --- | --- | --- | --- | --- |'];
  const keys = [...new Set(results.map((r) => `${r.shot}|${r.domain}|${r.arm}`))].sort();
  for (const key of keys) {
    const [shot, domain, arm] = key.split('|');
    const rs = results.filter((r) => `${r.shot}|${r.domain}|${r.arm}` === key).sort((a, b) => a.seed - b.seed);
    const s = summarize(rs.map((r) => r.mean));
    lines.push(`| ${shot} | ${domain} | ${arm} | ${pct(s.mean)} ± ${pct(s.ci95)} | ${rs.map((r) => `${pct(r.mean)} ± ${pct(r.ci95)} (seed ${r.seed})`).join('; ')} | ${rs[0]!.episodes} | ${(rs.reduce((a, r) => a + r.trainSec, 0) / rs.length).toFixed(0)} |`);
  }
  return lines.join('\n');
}

/** Continual rows: per arm and class count, held-out accuracy averaged over orders, then over seeds (± 95% CI over seeds). */
export function continualTable(results: readonly ContinualResult[]): string {
  if (results.length === 0) return '';
  const schedule = results[0]!.schedule;
  const lines = [`| arm | ${schedule.map((c) => `${c} classes`).join(' | ')} | lr per seed | meta-train s/seed |`, `| --- | ${schedule.map(() => '---').join(' | ')} | --- | --- |`];
  for (const arm of [...new Set(results.map((r) => r.arm))]) {
    const rs = results.filter((r) => r.arm === arm).sort((a, b) => a.seed - b.seed);
    const cells = schedule.map((_, i) => {
      const s = summarize(rs.map((r) => r.accuracy.reduce((a, o) => a + o[i]!, 0) / r.accuracy.length));
      return `${pct(s.mean)} ± ${pct(s.ci95)}`;
    });
    lines.push(`| ${arm} | ${cells.join(' | ')} | ${rs.map((r) => r.lr).join(', ')} | ${(rs.reduce((a, r) => a + r.metaSec, 0) / rs.length).toFixed(0)} |`);
  }
  return lines.join('\n');
}

/** Writes `report.md`, `fewshot.svg` and `continual.svg` into `outDir`. */
export async function writeReport(outDir: string, fewshot: readonly FewshotResult[], continual: readonly ContinualResult[], header: string): Promise<string> {
  const parts = [`# AIM experiments\n\n${header}\n`];
  if (fewshot.length > 0) {
    const values = fewshot.map((r) => ({ group: `${r.shot}-shot ${r.domain}`, arm: r.arm, accuracy: 100 * r.mean, seed: r.seed }));
    const svg = await renderVegaLite({
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      data: { values },
      mark: { type: 'point', filled: true },
      encoding: {
        x: { field: 'arm', type: 'nominal', title: null },
        y: { field: 'accuracy', type: 'quantitative', title: '5-way accuracy (%)', scale: { zero: false } },
        color: { field: 'arm', type: 'nominal' },
        column: { field: 'group', type: 'nominal', title: null },
      },
      width: 120,
      height: 200,
    });
    await writeFileAtomic(join(outDir, 'fewshot.svg'), svg);
    parts.push(`## Few-shot (5-way)\n\n![few-shot](fewshot.svg)\n\n${fewshotTable(fewshot)}\n`);
  }
  if (continual.length > 0) {
    const values = continual.flatMap((r) => r.schedule.map((c, i) => ({ classes: c, arm: r.arm, seed: r.seed, accuracy: (100 * r.accuracy.reduce((a, o) => a + o[i]!, 0)) / r.accuracy.length })));
    const svg = await renderVegaLite({
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      data: { values },
      layer: [
        { mark: { type: 'line', point: true }, encoding: { x: { field: 'classes', type: 'quantitative', title: 'classes learned' }, y: { aggregate: 'mean', field: 'accuracy', type: 'quantitative', title: 'held-out accuracy (%)' }, color: { field: 'arm', type: 'nominal' } } },
        { mark: { type: 'errorband', extent: 'ci' }, encoding: { x: { field: 'classes', type: 'quantitative' }, y: { field: 'accuracy', type: 'quantitative' }, color: { field: 'arm', type: 'nominal' } } },
      ],
      width: 360,
      height: 240,
    });
    await writeFileAtomic(join(outDir, 'continual.svg'), svg);
    parts.push(`## Continual (OML protocol, held-out images of every class seen)\n\n![continual](continual.svg)\n\n${continualTable(continual)}\n`);
  }
  const md = parts.join('\n');
  await writeFileAtomic(join(outDir, 'report.md'), md);
  return md;
}
