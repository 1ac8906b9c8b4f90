import type { TopLevelSpec } from 'vega-lite';
import type { MetricsEntry } from '../log/metrics-log.js';
import { renderVegaLite } from '@rimjs/runkit';

/** At most `points` means of consecutive training losses, at the last step of each window. */
export function smoothLosses(entries: readonly MetricsEntry[], points = 300): Array<{ step: number; loss: number }> {
  const train = entries.filter((e): e is Extract<MetricsEntry, { type: 'train' }> => e.type === 'train');
  const window = Math.max(1, Math.ceil(train.length / points));
  const out: Array<{ step: number; loss: number }> = [];
  for (let i = 0; i < train.length; i += window) {
    const chunk = train.slice(i, i + window);
    out.push({ step: chunk.at(-1)!.step, loss: chunk.reduce((s, e) => s + e.loss, 0) / chunk.length });
  }
  return out;
}

/** One point of a learning-curve plot: `series` names its line, `kind` its dash (train loss or the metric). */
export interface CurvePlotPoint {
  step: number;
  value: number;
  model: string;
  series: string;
  kind: string;
}

/**
 * The points of one run's curves: window means of the training loss (`series` `<label> train loss`)
 * and `metric` at each evaluation (`<label> <metric>`), coloured by `model`.
 */
export function curvePlotPoints(entries: readonly MetricsEntry[], { model, label, metric, points }: { model: string; label: string; metric: string; points?: number }): CurvePlotPoint[] {
  const values: CurvePlotPoint[] = smoothLosses(entries, points).map((p) => ({ step: p.step, value: p.loss, model, series: `${label} train loss`, kind: 'train loss' }));
  for (const e of entries) {
    if (e.type === 'eval' && typeof e.metrics[metric] === 'number') values.push({ step: e.step, value: e.metrics[metric]!, model, series: `${label} ${metric}`, kind: metric });
  }
  return values;
}

/**
 * The vega-lite spec of learning curves: a colour per model, a line per series, dashed for the
 * training loss and solid for `metric`; the y axis is logarithmic when every value is positive.
 */
export function learningCurveSpec(values: readonly CurvePlotPoint[], { title, metric, opacity }: { title: string; metric: string; opacity?: number }): TopLevelSpec {
  const positive = values.length > 0 && values.every((v) => v.value > 0);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 560,
    height: 300,
    data: { values: [...values] },
    mark: { type: 'line', tooltip: true, ...(opacity !== undefined ? { opacity } : {}) },
    encoding: {
      x: { field: 'step', type: 'quantitative', title: 'step' },
      y: { field: 'value', type: 'quantitative', title: 'loss / metric', scale: { type: positive ? 'log' : 'linear' } },
      color: { field: 'model', type: 'nominal', title: 'model' },
      strokeDash: { field: 'kind', type: 'nominal', title: null, scale: { domain: [metric, 'train loss'], range: [[1, 0], [4, 3]] }, legend: { labelLimit: 400 } },
      detail: { field: 'series', type: 'nominal' },
    },
  };
}

/**
 * Training loss against step, a dashed line per model (window means of the logged losses), and
 * the evaluated `metric` as a solid line, as an SVG (vega-lite). The y axis is logarithmic when every
 * value is positive.
 *
 * @param runs metrics entries by model name
 */
export async function learningCurveSvg(runs: Readonly<Record<string, readonly MetricsEntry[]>>, { title, metric }: { title: string; metric: string }): Promise<string> {
  const values = Object.entries(runs).flatMap(([model, entries]) => curvePlotPoints(entries, { model, label: model, metric }));
  return renderVegaLite(learningCurveSpec(values, { title, metric }));
}
