import type { TopLevelSpec } from 'vega-lite';
import { ConfigError } from '@rimjs/core';
import type { BenchRecord } from '../schema/bench-record.js';
import { recordField } from './format.js';
import { renderVegaLite } from './render-vega-lite.js';

/** Options of {@link barChartSvg}. */
export interface BarChartOptions {
  /** Chart title. Default `ms per step`. */
  title?: string;
  /** Numeric field on the y axis. Default `msPerStep`. */
  field?: string;
  /** `linear` (default) or `log` y axis (for backends far apart). */
  yScale?: 'linear' | 'log';
}

/**
 * A grouped bar chart as SVG: one group per model and preset (per case where those repeat), one
 * bar per backend and mode,
 * height = `msPerStep` (or `field`). Rendered with vega-lite -> vega, no canvas needed.
 *
 * @throws ConfigError when `records` is empty or `field` is not numeric in every record.
 * @example
 * await writeFile('bars.svg', await barChartSvg(results.records));
 */
export async function barChartSvg(records: readonly BenchRecord[], options: BarChartOptions = {}): Promise<string> {
  const { title = 'ms per step', field = 'msPerStep', yScale = 'linear' } = options;
  if (records.length === 0) throw new ConfigError('barChartSvg: records must not be empty');
  const bad = records.find((r) => typeof recordField(r, field) !== 'number');
  if (bad) throw new ConfigError(`barChartSvg: 'field' must be numeric in every record, got ${JSON.stringify(field)} = ${JSON.stringify(recordField(bad, field))} in ${bad.caseId}`);
  // Category: model and preset, or the case id where that would put two bars in one slot.
  const keys = records.map((r) => `${r.model} ${r.preset}|${r.backend} ${r.mode}`);
  const byCase = new Set(keys).size < keys.length;
  const values = records.map((r) => ({
    model: byCase ? r.caseId : `${r.model} ${r.preset}`,
    series: `${r.backend} ${r.mode}`,
    value: recordField(r, field) as number,
    caseId: r.caseId,
  }));
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: { step: 18 },
    height: 240,
    data: { values },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      x: { field: 'model', type: 'nominal', title: 'model / preset', axis: { labelAngle: -30, labelLimit: 300 } },
      xOffset: { field: 'series', type: 'nominal' },
      y: { field: 'value', type: 'quantitative', title: field, scale: { type: yScale } },
      color: { field: 'series', type: 'nominal', title: 'backend / mode', legend: { labelLimit: 400 } },
    },
  };
  return renderVegaLite(spec);
}
