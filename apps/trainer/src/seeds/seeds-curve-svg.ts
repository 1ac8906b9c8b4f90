import { renderVegaLite } from '@rimjs/runkit';
import type { MetricsEntry } from '../log/metrics-log.js';
import { curvePlotPoints, learningCurveSpec } from '../report/learning-curve-svg.js';

/**
 * The learning curves of every seed of every model in one SVG (vega-lite): a colour per model, a
 * line per seed, dashed for the training loss (window means) and solid for `metric` at each
 * evaluation. The y axis is logarithmic when every value is positive.
 *
 * @param runs metrics entries by model, then by seed
 */
export async function seedsCurveSvg(runs: Readonly<Record<string, Readonly<Record<number, readonly MetricsEntry[]>>>>, { title, metric }: { title: string; metric: string }): Promise<string> {
  const values = Object.entries(runs).flatMap(([model, bySeed]) => Object.entries(bySeed).flatMap(([seed, entries]) => curvePlotPoints(entries, { model, label: `${model} seed ${seed}`, metric, points: 150 })));
  return renderVegaLite(learningCurveSpec(values, { title, metric, opacity: 0.8 }));
}
