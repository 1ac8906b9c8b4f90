import { describe, expect, it } from 'vitest';
import type { MetricsEntry } from '../log/metrics-log.js';
import { activityHeatmapSvg } from './activity-heatmap-svg.js';
import { learningCurveSvg, smoothLosses } from './learning-curve-svg.js';

describe('activityHeatmapSvg', () => {
  it('draws one rect per unit and step, dark where active', async () => {
    const active = Array.from({ length: 7 }, (_, t) => [t % 2, 1, 0]);
    const svg = await activityHeatmapSvg({ caption: 'copying T = 5', time: 7, units: 3, active }, 'rim: active units');
    expect(svg.startsWith('<svg')).toBe(true);
    const rects = [...svg.matchAll(/<path aria-label="time step: (\d+); unit: unit (\d); active: (\d)"[^>]*fill="([^"]+)"/g)];
    expect(rects).toHaveLength(21);
    for (const [, t, u, a, fill] of rects) {
      expect(Number(a)).toBe(active[Number(t)]![Number(u)]);
      expect(fill).toBe(Number(a) === 1 ? 'rgb(31, 78, 153)' : 'rgb(244, 244, 244)');
    }
    expect(svg).toContain('rim: active units');
    expect(svg).toContain('copying T = 5; dark = active');
  });
});

describe('learningCurveSvg', () => {
  const log = (scale: number): MetricsEntry[] => [
    ...Array.from({ length: 10 }, (_, i): MetricsEntry => ({ type: 'train', step: i + 1, loss: scale / (i + 1), gradNorm: 1, elapsedSec: i })),
    { type: 'eval', step: 10, phase: 'final', metrics: { 'test.T200.ceLast10': scale / 20 }, elapsedSec: 10 },
  ];

  it('averages losses over windows', () => {
    expect(smoothLosses(log(1), 5).map((p) => p.step)).toEqual([2, 4, 6, 8, 10]);
    expect(smoothLosses(log(1), 5)[0]!.loss).toBeCloseTo((1 + 1 / 2) / 2, 10);
  });

  it('draws a loss line and metric points per model', async () => {
    const svg = await learningCurveSvg({ rim: log(1), lstm: log(2) }, { title: 'copying', metric: 'test.T200.ceLast10' });
    expect(svg.match(/aria-roledescription="line mark"/g)).toHaveLength(4);
    for (const series of ['rim', 'lstm', 'train loss', 'test.T200.ceLast10']) expect(svg).toContain(`>${series}</text>`);
  });
});
