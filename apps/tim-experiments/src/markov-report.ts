import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderVegaLite, type Summary, summarize, writeFileAtomic } from '@rimjs/runkit';
import type { MarkovRun } from './markov-experiment.js';
import type { MarkovPreset } from './presets.js';

/** The claim's thresholds (from the issue): some TIM layer reaches this many bits, and the TIM's loss is at most this ratio of the Transformer's. */
export const MI_TARGET_BITS = 0.3;
export const LOSS_RATIO_TARGET = 1.01;

/** Every run record of `preset` in `dir`, ordered by model then seed. */
export function readMarkovRuns(dir: string, preset: string): MarkovRun[] {
  return readdirSync(dir)
    .filter((f) => /^(tim|transformer)-s\d+\.json$/.test(f))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as MarkovRun)
    .filter((r) => r.preset === preset)
    .sort((a, b) => a.model.localeCompare(b.model) || a.seed - b.seed);
}

const ms = (s: Summary, d = 4) => `${s.mean.toFixed(d)} ± ${s.std.toFixed(d)}`;
const peak = (r: MarkovRun, l: number) => Math.max(...r.curve.map((c) => c.mi[l]!));

type Spec = Parameters<typeof renderVegaLite>[0];
const lineSpec = (title: string, y: string, values: object[], color: string): Spec =>
  ({
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    width: 520,
    height: 280,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'step', type: 'quantitative', title: 'training step' },
      y: { field: 'value', type: 'quantitative', title: y },
      color: { field: color, type: 'nominal' },
      strokeDash: { field: 'seed', type: 'nominal' },
      detail: { field: 'run', type: 'nominal' },
    },
  }) as Spec;

/**
 * Writes `report.md` (per-seed table; held-out loss, loss ratio and MI mean ± std over seeds; the
 * check against the issue's thresholds) and the curves `mi.svg` and `loss.svg` in `dir`.
 * @returns the report's markdown
 */
export async function writeMarkovReport(dir: string, name: string, p: MarkovPreset, command: string): Promise<string> {
  const runs = readMarkovRuns(dir, name);
  const tim = runs.filter((r) => r.model === 'tim');
  const tr = runs.filter((r) => r.model === 'transformer');
  const layers = tim[0]?.after.mi.length ?? 0;
  const L: string[] = [`# TIM specialization: preset \`${name}\``, '', p.description, '', `Command: \`${command}\``, ''];
  const first = runs[0];
  if (first) {
    L.push(`Task: \`TwoSourceMarkov\` with ${JSON.stringify(p.task)} (the rest default; time ${p.tim.maxLength ?? 64}); ${p.steps} Adam steps of batch ${p.batchSize}, lr ${p.learningRate}; held-out set ${p.evalSize} sequences (curves: the first ${p.curveSize}, every ${p.curveEvery} steps); backend ${first.backend}.`);
    L.push(`Bayes-optimal held-out loss ${first.oracle.toFixed(4)} nats/token; H(source) = ${first.sourceEntropy.toFixed(4)} bits (the most I(source; winner) can be).`, '');
  }
  L.push('| model | seed | parameters | layers | held-out loss (untrained -> trained) | I(source; winner) per TIM layer, bits: untrained -> trained (peak on the curve) | train s | run s |');
  L.push('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of runs) {
    const mi = r.after.mi.length === 0 ? 'n/a' : r.after.mi.map((m, l) => `L${l + 1}: ${r.before.mi[l]!.toFixed(3)} -> ${m.toFixed(3)} (${peak(r, l).toFixed(3)})`).join(', ');
    L.push(`| ${r.model} | ${r.seed} | ${r.parameters} | ${r.layers.join(', ')} | ${r.before.loss.toFixed(3)} -> ${r.after.loss.toFixed(4)} | ${mi} | ${r.trainSeconds.toFixed(0)} | ${r.wallSeconds.toFixed(0)} |`);
  }
  L.push('', '| quantity | mean ± std over seeds | per seed |', '| --- | --- | --- |');
  const row = (what: string, v: number[], seeds: number[], d = 4) => {
    if (v.length > 0) L.push(`| ${what} | ${ms(summarize(v), d)} (n=${v.length}) | ${v.map((x, i) => `s${seeds[i]}: ${x.toFixed(d)}`).join(', ')} |`);
  };
  row('TIM held-out loss', tim.map((r) => r.after.loss), tim.map((r) => r.seed));
  row('Transformer held-out loss', tr.map((r) => r.after.loss), tr.map((r) => r.seed));
  const paired = tim.filter((r) => tr.some((t) => t.seed === r.seed));
  const ratios = paired.map((r) => r.after.loss / tr.find((t) => t.seed === r.seed)!.after.loss);
  row('TIM / Transformer loss (same seed)', ratios, paired.map((r) => r.seed));
  for (let l = 0; l < layers; l++) {
    row(`I(source; winner), TIM layer ${l + 1}, untrained`, tim.map((r) => r.before.mi[l]!), tim.map((r) => r.seed), 3);
    row(`I(source; winner), TIM layer ${l + 1}, trained`, tim.map((r) => r.after.mi[l]!), tim.map((r) => r.seed), 3);
  }
  const best = tim.map((r) => Math.max(...r.after.mi));
  const rose = tim.map((r) => r.after.mi.some((m, l) => m >= MI_TARGET_BITS && m > r.before.mi[l]!));
  L.push('', `Check (the issue's, unchanged): some TIM layer's trained I(source; winner) >= ${MI_TARGET_BITS} bits and above its untrained value, and TIM loss <= ${LOSS_RATIO_TARGET} x the Transformer's.`);
  for (const r of tim) {
    const i = paired.indexOf(r);
    const ratio = i >= 0 ? ratios[i]! : NaN;
    L.push(`- seed ${r.seed}: best layer ${best[tim.indexOf(r)]!.toFixed(3)} bits (${rose[tim.indexOf(r)] ? 'rose to the target' : 'below the target'}); loss ratio ${Number.isNaN(ratio) ? 'n/a' : `${ratio.toFixed(4)} (${ratio <= LOSS_RATIO_TARGET ? 'within 1%' : 'more than 1% worse'})`}`);
  }
  L.push('', '![I(source; winner) over training](mi.svg)', '', '![held-out loss over training](loss.svg)', '');
  const miValues = tim.flatMap((r) => r.curve.flatMap((c) => c.mi.map((v, l) => ({ step: c.step, value: v, layer: `TIM layer ${l + 1}`, seed: r.seed, run: `L${l + 1} s${r.seed}` }))));
  const lossValues = runs.flatMap((r) => r.curve.map((c) => ({ step: c.step, value: c.loss, model: r.model, seed: r.seed, run: `${r.model} s${r.seed}` })));
  writeFileAtomic(join(dir, 'mi.svg'), await renderVegaLite(lineSpec(`I(source; winning mechanism), ${p.curveSize} held-out sequences`, 'bits', miValues, 'layer')));
  writeFileAtomic(join(dir, 'loss.svg'), await renderVegaLite(lineSpec(`held-out loss, ${p.curveSize} sequences`, 'nats / token', lossValues, 'model')));
  const md = L.join('\n');
  writeFileAtomic(join(dir, 'report.md'), md);
  return md;
}
