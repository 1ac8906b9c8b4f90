import type { TopLevelSpec } from 'vega-lite';
import { renderVegaLite } from '@rimjs/runkit';
import type { MetricsEntry } from '../log/metrics-log.js';
import { smoothLosses } from '../report/learning-curve-svg.js';

/**
 * The learning curves of every seed of every model in one SVG (vega-lite): a colour per model, a
 * line per seed, dashed for the training loss (window means) and solid for `metric` at each
 * evaluation. The y axis is logarithmic when every value is positive.
 *
 * @param runs metrics entries by model, then by seed
 */
export async function seedsCurveSvg(runs: Readonly<Record<string, Readonly<Record<number, readonly MetricsEntry[]>>>>, { title, metric }: { title: string; metric: string }): Promise<string> {
  const values: Array<{ step: number; value: number; model: string; series: string; kind: string }> = [];
  for (const [model, bySeed] of Object.entries(runs)) {
    for (const [seed, entries] of Object.entries(bySeed)) {
      for (const p of smoothLosses(entries, 150)) values.push({ step: p.step, value: p.loss, model, series: `${model} seed ${seed} train loss`, kind: 'train loss' });
      for (const e of entries) {
        if (e.type === 'eval' && typeof e.metrics[metric] === 'number') values.push({ step: e.step, value: e.metrics[metric]!, model, series: `${model} seed ${seed} ${metric}`, kind: metric });
      }
    }
  }
  const positive = values.length > 0 && values.every((v) => v.value > 0);
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 560,
    height: 300,
    data: { values },
    mark: { type: 'line', tooltip: true, opacity: 0.8 },
    encoding: {
      x: { field: 'step', type: 'quantitative', title: 'step' },
      y: { field: 'value', type: 'quantitative', title: 'loss / metric', scale: { type: positive ? 'log' : 'linear' } },
      color: { field: 'model', type: 'nominal', title: 'model' },
      strokeDash: { field: 'kind', type: 'nominal', title: null, scale: { domain: [metric, 'train loss'], range: [[1, 0], [4, 3]] }, legend: { labelLimit: 400 } },
      detail: { field: 'series', type: 'nominal' },
    },
  };
  return renderVegaLite(spec);
}
