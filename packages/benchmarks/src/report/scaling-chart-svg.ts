import type { TopLevelSpec } from 'vega-lite';
import { ConfigError } from '@rimjs/core';
import type { BenchRecord } from '../schema/bench-record.js';
import { recordField } from './format.js';
import { renderVegaLite } from './render-vega-lite.js';

/** Options of {@link scalingChartSvg}. */
export interface ScalingChartOptions {
  /** Chart title. Default `<yField> vs <xField>`. */
  title?: string;
  /** Numeric field on the y axis. Default `msPerStep`. */
  yField?: string;
  /** `linear` (default) or `log` y axis. */
  yScale?: 'linear' | 'log';
}

/**
 * A line chart as SVG: one line per model, preset, mode and backend, `xField` on the x axis
 * (a record field such as `batch`, or a config entry such as `params.units`), `msPerStep` (or
 * `yField`) on the y axis.
 *
 * @throws ConfigError when `records` is empty or a field is not numeric in every record.
 * @example
 * const scaling = results.records.filter((r) => r.scaleAxis === 'units');
 * await writeFile('scaling-units.svg', await scalingChartSvg(scaling, 'params.units'));
 */
export async function scalingChartSvg(records: readonly BenchRecord[], xField: string, options: ScalingChartOptions = {}): Promise<string> {
  const { yField = 'msPerStep', yScale = 'linear' } = options;
  const title = options.title ?? `${yField} vs ${xField}`;
  if (records.length === 0) throw new ConfigError('scalingChartSvg: records must not be empty');
  for (const [arg, field] of [['xField', xField], ['yField', yField]] as const) {
    const bad = records.find((r) => typeof recordField(r, field) !== 'number');
    if (bad) throw new ConfigError(`scalingChartSvg: '${arg}' must be numeric in every record, got ${JSON.stringify(field)} = ${JSON.stringify(recordField(bad, field))} in ${bad.caseId}`);
  }
  const values = records.map((r) => ({
    x: recordField(r, xField) as number,
    y: recordField(r, yField) as number,
    series: `${r.model} ${r.preset} ${r.mode} ${r.backend}`,
  }));
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 420,
    height: 260,
    data: { values },
    mark: { type: 'line', point: true, tooltip: true },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: xField },
      y: { field: 'y', type: 'quantitative', title: yField, scale: { type: yScale } },
      color: { field: 'series', type: 'nominal', title: 'model / preset / mode / backend', legend: { labelLimit: 400, titleLimit: 400 } },
    },
  };
  return renderVegaLite(spec);
}
