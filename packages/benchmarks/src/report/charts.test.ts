import { ConfigError } from '@rimjs/core';
import { describe, expect, it } from 'vitest';
import { makeRecord } from '../test-fixtures.js';
import { barChartSvg } from './bar-chart-svg.js';
import { scalingChartSvg } from './scaling-chart-svg.js';

describe('barChartSvg', () => {
  it('renders an SVG with one bar per record and the model names as labels', async () => {
    const svg = await barChartSvg([
      makeRecord({ model: 'rim', msPerStep: 2 }),
      makeRecord({ model: 'lstm', preset: 'lstm-600', msPerStep: 1 }),
      makeRecord({ model: 'rim', mode: 'infer', msPerStep: 0.7 }),
    ]);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('rim copying');
    expect(svg).toContain('lstm lstm-600');
    expect(svg.match(/aria-roledescription="bar"/g)).toHaveLength(3);
  });

  it('rejects empty records and a field that is not numeric', async () => {
    await expect(barChartSvg([])).rejects.toThrow(ConfigError);
    await expect(barChartSvg([makeRecord()], { field: 'model' })).rejects.toThrow("barChartSvg: 'field' must be numeric");
  });
});

describe('scalingChartSvg', () => {
  it('renders one line per series over a params field', async () => {
    const records = [2, 6, 12].flatMap((units) => [
      makeRecord({ caseId: `rim-u${units}`, params: { units }, msPerStep: units, scaleAxis: 'units' }),
      makeRecord({ caseId: `lstm-u${units}`, model: 'lstm', params: { units }, msPerStep: units / 2, scaleAxis: 'units' }),
    ]);
    const svg = await scalingChartSvg(records, 'params.units');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('params.units');
    expect(svg.match(/aria-roledescription="line mark"/g)).toHaveLength(2);
  });

  it('rejects an x field missing from a record', async () => {
    await expect(scalingChartSvg([makeRecord()], 'params.heads')).rejects.toThrow("scalingChartSvg: 'xField' must be numeric in every record");
  });
});
