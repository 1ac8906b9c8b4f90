import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderVegaLite, type Summary, summarize, writeFileAtomic, writeJson } from '@rimjs/runkit';
import { type FinalEval, readFinalEval } from './final-eval.js';
import { MODELS, type ModelName, PRESETS } from './presets.js';
import type { RunRecord } from './run-model.js';

/** First frames at which the held-out success rate reaches `threshold` (null: never). */
export function framesToThreshold(r: RunRecord, threshold: number): number | null {
  return r.curve.find((c) => c.evalSuccess >= threshold)?.frames ?? null;
}

/**
 * Mean held-out success over a run's evaluations after the first (the untrained policy's): the
 * area under the success curve per evaluation, a learning-speed summary that needs no threshold.
 */
export function meanSuccess(r: RunRecord): number {
  const trained = r.curve.filter((c) => c.frames > 0);
  return trained.length ? trained.reduce((a, c) => a + c.evalSuccess, 0) / trained.length : 0;
}

/** Reads every run record in `dir`. */
export function readRuns(dir: string): RunRecord[] {
  return readdirSync(dir)
    .filter((f) => /^[a-z-]+-s\d+\.json$/.test(f))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as RunRecord)
    .sort((a, b) => a.model.localeCompare(b.model) || a.seed - b.seed);
}

const fmt = (s: Summary, digits: number) => `${s.mean.toFixed(digits)} ± ${s.std.toFixed(digits)} (CI ± ${s.ci95.toFixed(digits)})`;

function curveSvg(runs: RunRecord[], field: 'evalSuccess' | 'evalReturn', title: string): Promise<string> {
  const values = runs.flatMap((r) => r.curve.map((c) => ({ frames: c.frames, value: c[field], model: r.model, run: `${r.model} s${r.seed}` })));
  return renderVegaLite({
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    width: 520,
    height: 300,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'frames', type: 'quantitative', title: 'frames' },
      y: { field: 'value', type: 'quantitative', title },
      color: { field: 'model', type: 'nominal' },
      detail: { field: 'run', type: 'nominal' },
    },
  } as never);
}

/**
 * Writes `report.md` (frames to the threshold and final held-out success per model and seed,
 * mean +- std and 95% CI over seeds), `results.json` and the learning-curve SVGs.
 */
export async function writeReport(dir: string, presetName: string, command: string): Promise<string> {
  const p = PRESETS[presetName]!;
  const runs = readRuns(dir).filter((r) => r.preset === presetName);
  const lines: string[] = [`# Meta-RIM experiment: preset \`${presetName}\``, '', p.description, '', `Command: \`${command}\``, ''];
  lines.push(`Held-out tasks: ${p.evalTasks.map((t) => `${t.level}${t.roomSize ? ` S${t.roomSize}` : ''}`).join(', ')} (targets are held-out object/colour combinations), ${p.evalEpisodes} greedy episodes each.`, '');
  lines.push(`| model | seed | frames to ${Math.round(100 * p.threshold)}% held-out success | final held-out success | final return | frames | wall time | done |`, '| --- | --- | --- | --- | --- | --- | --- | --- |');
  const results: Record<string, unknown>[] = [];
  const finals = runs.map((r) => readFinalEval(dir, r.model, r.seed));
  for (const [i, r] of runs.entries()) {
    const last = r.curve[r.curve.length - 1];
    const ft = framesToThreshold(r, p.threshold);
    lines.push(`| ${r.model} | ${r.seed} | ${ft ?? 'not reached'} | ${last ? (100 * last.evalSuccess).toFixed(1) + '%' : '-'} | ${last?.evalReturn.toFixed(3) ?? '-'} | ${last?.frames ?? 0} | ${r.elapsedSec.toFixed(0)} s | ${r.done ? 'yes' : 'no'} |`);
    results.push({ model: r.model, seed: r.seed, framesToThreshold: ft, meanSuccess: meanSuccess(r), finalEval: finals[i], finalSuccess: last?.evalSuccess ?? null, finalReturn: last?.evalReturn ?? null, frames: last?.frames ?? 0, elapsedSec: r.elapsedSec, done: r.done });
  }
  lines.push('', '| model | what | seeds | frames to threshold (mean ± std, 95% CI; unreached counted as the budget) | final held-out success | mean held-out success over the run |', '| --- | --- | --- | --- | --- | --- |');
  for (const model of Object.keys(MODELS) as ModelName[]) {
    const mine = runs.filter((r) => r.model === model);
    if (mine.length === 0) continue;
    const budget = Math.max(...mine.map((r) => r.curve[r.curve.length - 1]?.frames ?? 0));
    const ft = summarize(mine.map((r) => framesToThreshold(r, p.threshold) ?? budget));
    const fin = summarize(mine.map((r) => r.curve[r.curve.length - 1]?.evalSuccess ?? 0));
    const reached = mine.filter((r) => framesToThreshold(r, p.threshold) !== null).length;
    lines.push(`| ${model} | ${MODELS[model].what} | ${mine.length} (${reached} reached) | ${fmt(ft, 0)} | ${fmt(fin, 3)} | ${fmt(summarize(mine.map(meanSuccess)), 3)} |`);
  }
  lines.push(...perTaskLines(finals.filter((e) => e !== null)));
  lines.push('', '![held-out success](success.svg)', '', '![held-out return](return.svg)', '');
  writeFileAtomic(join(dir, 'success.svg'), await curveSvg(runs, 'evalSuccess', 'held-out success rate'));
  writeFileAtomic(join(dir, 'return.svg'), await curveSvg(runs, 'evalReturn', 'held-out mean return'));
  writeJson(join(dir, 'results.json'), { preset: presetName, threshold: p.threshold, runs: results, curves: runs });
  const md = lines.join('\n');
  writeFileAtomic(join(dir, 'report.md'), md);
  return md;
}

/** Success per task at each run's last checkpoint (`experiment eval`), mean ± std over seeds per model. */
function perTaskLines(evals: FinalEval[]): string[] {
  if (evals.length === 0) return [];
  const tasks = evals[0]!.test.map((t) => t.task);
  const lines = ['', `Success per task at the last checkpoint (\`experiment eval\`, greedy, ${evals[0]!.episodes} episodes per task; held-out / training combinations; mean ± std over seeds):`, '', `| model | seeds | ${tasks.join(' | ')} |`, `| --- | --- | ${tasks.map(() => '---').join(' | ')} |`];
  for (const model of Object.keys(MODELS) as ModelName[]) {
    const mine = evals.filter((e) => e.model === model);
    if (mine.length === 0) continue;
    const cell = (i: number, split: 'test' | 'train') => {
      const s = summarize(mine.map((e) => e[split][i]!.successRate));
      return `${(100 * s.mean).toFixed(0)} ± ${(100 * s.std).toFixed(0)} %`;
    };
    lines.push(`| ${model} | ${mine.length} | ${tasks.map((_, i) => `${cell(i, 'test')} / ${cell(i, 'train')}`).join(' | ')} |`);
  }
  return lines;
}
