import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { renderVegaLite, summarize, writeFileAtomic, writeJson } from '@rimjs/runkit';
import type { BallsRunResult } from './experiment.js';
import type { BallsPreset } from './presets.js';
import { stripPng } from './strip-png.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Per model and predicted step of one test set: mean and std of the BCE over seeds. */
export function bceCurves(results: BallsRunResult[], test: string): Array<{ model: string; step: number; mean: number; std: number; n: number }> {
  const out: Array<{ model: string; step: number; mean: number; std: number; n: number }> = [];
  for (const model of [...new Set(results.map((r) => r.model))]) {
    const runs = results.filter((r) => r.model === model).map((r) => r.scores.find((s) => s.test === test)!.bce);
    for (let k = 0; k < (runs[0]?.length ?? 0); k++) {
      const s = summarize(runs.map((b) => b[k]!));
      out.push({ model: model.toUpperCase(), step: k + 1, mean: s.mean, std: s.std, n: s.n });
    }
  }
  return out;
}

/** The first predicted step from which the RIM's mean BCE stays below the LSTM's to the end, or null. */
export function rimBelowFrom(curves: ReturnType<typeof bceCurves>): number | null {
  const rim = curves.filter((c) => c.model === 'RIM');
  const lstm = curves.filter((c) => c.model === 'LSTM');
  let from: number | null = null;
  for (let k = rim.length - 1; k >= 0; k--) {
    if (rim[k]!.mean < lstm[k]!.mean) from = k + 1;
    else break;
  }
  return from;
}

function curveSpec(curves: ReturnType<typeof bceCurves>, title: string): TopLevelSpec {
  const values = curves.map((c) => ({ ...c, lo: c.mean - c.std, hi: c.mean + c.std }));
  return {
    $schema: SCHEMA,
    title,
    width: 420,
    height: 240,
    data: { values },
    encoding: { x: { field: 'step', type: 'quantitative', title: 'predicted frame (after the observed ones)' }, color: { field: 'model', type: 'nominal', title: null } },
    layer: [
      { mark: { type: 'errorband', opacity: 0.25 }, encoding: { y: { field: 'lo', type: 'quantitative', title: 'BCE per frame (nats)' }, y2: { field: 'hi' } } },
      { mark: 'line', encoding: { y: { field: 'mean', type: 'quantitative' } } },
    ],
  };
}

function activitySpec(active: number[][], observe: number): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title: `RIM units active over a rollout (steps 0-${observe - 1} observed, then its own predictions)`,
    width: { step: 12 },
    height: { step: 14 },
    data: { values: active.flatMap((row, t) => row.map((a, unit) => ({ t, unit, a }))) },
    mark: 'rect',
    encoding: {
      x: { field: 't', type: 'ordinal', title: 'step' },
      y: { field: 'unit', type: 'ordinal' },
      color: { field: 'a', type: 'quantitative', scale: { domain: [0, 1], scheme: 'blues' }, title: 'active' },
    },
  };
}

/**
 * Writes `report.md`, `results.json`, a BCE-per-step SVG per test set, an image strip PNG per test
 * set (truth, RIM, LSTM of the first seed) and the RIM's activity heat map SVG.
 * @returns the markdown
 */
export async function writeBallsReport(p: BallsPreset, name: string, results: BallsRunResult[], out: string, command: string, wallSec: number): Promise<string> {
  writeJson(join(out, 'results.json'), { preset: name, config: p, results });
  const lines = [
    `# Bouncing balls: ${name}`,
    '',
    `${p.description}. ${p.side} x ${p.side} frames, ${p.frames} steps: ${p.observe} observed, then ${p.frames - p.observe} predicted from the model's own predictions. ${p.steps} Adam steps (lr ${p.lr}) of ${p.batch} sequences, teacher forcing. Seeds ${p.seeds.join(', ')}.`,
    '',
    `Command: \`${command}\`. Wall time ${(wallSec / 60).toFixed(1)} min.`,
    '',
    '| model | params | train min (mean) | final train BCE / pixel |',
    '|---|---|---|---|',
  ];
  for (const model of ['rim', 'lstm'] as const) {
    const runs = results.filter((r) => r.model === model);
    if (runs.length === 0) continue;
    const loss = summarize(runs.map((r) => r.finalLoss));
    lines.push(`| ${model.toUpperCase()} | ${runs[0]!.params} | ${(summarize(runs.map((r) => r.trainSec)).mean / 60).toFixed(1)} | ${loss.mean.toFixed(4)} ± ${loss.std.toFixed(4)} |`);
  }
  for (const test of p.tests) {
    const curves = bceCurves(results, test);
    const from = rimBelowFrom(curves);
    const mean = (m: string) => summarize(results.filter((r) => r.model === m).map((r) => r.scores.find((s) => s.test === test)!.bce.reduce((a, b) => a + b, 0) / (p.frames - p.observe)));
    const [rim, lstm] = [mean('rim'), mean('lstm')];
    lines.push('', `## Rollout on ${test}`, '');
    lines.push(`Mean BCE over the predicted frames (nats per frame, mean ± std over seeds): RIM ${rim.mean.toFixed(2)} ± ${rim.std.toFixed(2)}, LSTM ${lstm.mean.toFixed(2)} ± ${lstm.std.toFixed(2)}. ` +
      (from === null ? "The RIM's mean is not below the LSTM's at the last predicted frame." : `The RIM's mean is below the LSTM's from predicted frame ${from} to the end.`));
    lines.push('', '| model | ' + curves.filter((c) => c.model === 'RIM').map((c) => `+${c.step}`).join(' | ') + ' |', '|---|' + curves.filter((c) => c.model === 'RIM').map(() => '---').join('|') + '|');
    for (const model of ['RIM', 'LSTM']) lines.push(`| ${model} | ` + curves.filter((c) => c.model === model).map((c) => `${c.mean.toFixed(1)} ± ${c.std.toFixed(1)}`).join(' | ') + ' |');
    writeFileAtomic(join(out, `bce-${test}.svg`), await renderVegaLite(curveSpec(curves, `rollout BCE per predicted frame: ${test}`)));
    const first = p.seeds[0];
    const byModel = (m: string) => results.find((r) => r.model === m && r.seed === first)?.scores.find((s) => s.test === test);
    const rimScore = byModel('rim');
    const lstmScore = byModel('lstm');
    if (rimScore && lstmScore) {
      writeFileAtomic(join(out, `strip-${test}.png`), stripPng([rimScore.truth, rimScore.example, lstmScore.example], p.side));
      lines.push('', `![truth, RIM, LSTM](strip-${test}.png) rows: ground truth, RIM, LSTM (seed ${first}); ![BCE per frame](bce-${test}.svg)`);
      if (rimScore.activity) {
        writeFileAtomic(join(out, `activity-${test}.svg`), await renderVegaLite(activitySpec(rimScore.activity, p.observe)));
        lines.push('', `![RIM activity](activity-${test}.svg)`);
      }
    }
  }
  const text = `${lines.join('\n')}\n`;
  writeFileAtomic(join(out, 'report.md'), text);
  return text;
}
