import type { TopLevelSpec } from 'vega-lite';
import { renderVegaLite } from '@rimjs/runkit';
import type { UnitActivity } from './unit-activity.js';

/**
 * The RIM picture: which units are active (dark) at each step of one example, units on the y
 * axis, time on the x axis, as an SVG heat map (vega-lite `rect` marks).
 */
export async function activityHeatmapSvg(activity: UnitActivity, title: string): Promise<string> {
  const values: Array<{ t: number; unit: string; active: number }> = [];
  activity.active.forEach((row, t) => row.forEach((a, u) => values.push({ t, unit: `unit ${u}`, active: a })));
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle: `${activity.caption}; dark = active` },
    width: Math.min(1000, Math.max(300, 4 * activity.time)),
    height: 18 * activity.units,
    data: { values },
    mark: { type: 'rect', tooltip: true },
    encoding: {
      x: { field: 't', type: 'ordinal', title: 'time step', axis: { values: ticks(activity.time), labelAngle: 0 } },
      y: { field: 'unit', type: 'nominal', title: null, sort: null },
      color: { field: 'active', type: 'quantitative', scale: { domain: [0, 1], range: ['#f4f4f4', '#1f4e99'] }, legend: null },
    },
    config: { view: { stroke: null } },
  };
  return renderVegaLite(spec);
}

/** About ten round tick values in [0, time). */
function ticks(time: number): number[] {
  const raw = time / 10;
  const step = [1, 2, 5, 10, 20, 25, 50, 100, 200, 500].find((s) => s >= raw) ?? Math.ceil(raw);
  const out: number[] = [];
  for (let t = 0; t < time; t += step) out.push(t);
  return out;
}
