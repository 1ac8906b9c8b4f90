import { describe, expect, it } from 'vitest';
import { ConfigError } from '@rimjs/core';
import { isPruneStep, resolveSchedule, startSlope, thresholdAt } from './threshold-schedule.js';

describe('threshold schedule (ESR / BSR)', () => {
  const s = resolveSchedule({ startItr: 100, rampItr: 300, endItr: 500, freq: 10 });

  it('matches the formula at hand-computed points (q = 1: theta = 2*10 / (2*200 + 3*200) = 0.02)', () => {
    expect(startSlope(s, 1)).toBeCloseTo(0.02, 12);
    expect(thresholdAt(s, 99, 1)).toBe(0);
    expect(thresholdAt(s, 100, 1)).toBeCloseTo(0.002, 12); // theta * 1 / freq
    expect(thresholdAt(s, 299, 1)).toBeCloseTo(0.4, 12); // theta * 200 / freq
    expect(thresholdAt(s, 300, 1)).toBeCloseTo((0.02 * 201 + 0.03 * 1) / 10, 12);
    expect(thresholdAt(s, 490, 1)).toBeCloseTo((0.02 * 201 + 0.03 * 191) / 10, 12);
    expect(thresholdAt(s, 490, 2, 3)).toBeCloseTo(6 * thresholdAt(s, 490, 1), 10); // linear in q and scale
  });

  it('rises monotonically and ends near q when phi = 1.5 theta', () => {
    const q = 0.37;
    let last = -1;
    for (let t = 100; t < 500; t++) {
      const e = thresholdAt(s, t, q);
      expect(e).toBeGreaterThan(last);
      last = e;
    }
    // at endItr the ramp reaches q up to the "+1" terms: (theta + phi) / freq
    const theta = startSlope(s, q);
    expect(Math.abs(thresholdAt(s, 500, q) - q)).toBeLessThanOrEqual((2.5 * theta) / 10 + 1e-12);
  });

  it('prunes every freq iterations in [startItr, endItr)', () => {
    const steps = Array.from({ length: 600 }, (_, t) => t).filter((t) => isPruneStep(s, t));
    expect(steps[0]).toBe(100);
    expect(steps.at(-1)).toBe(490);
    expect(steps).toHaveLength(40);
  });

  it('names every bad field', () => {
    expect(() => resolveSchedule({ startItr: 10, rampItr: 5, endItr: 5, freq: 0 })).toThrow(ConfigError);
    try {
      resolveSchedule({ startItr: 10, rampItr: 5, endItr: 5, freq: 0 });
    } catch (e) {
      const p = (e as ConfigError).problems.join('\n');
      expect(p).toContain('ScheduleConfig.rampItr: must be an integer in [10');
      expect(p).toContain('ScheduleConfig.endItr');
      expect(p).toContain('ScheduleConfig.freq');
    }
    expect(() => resolveSchedule({ startItr: 0, rampItr: 1, endItr: 2, frq: 3 } as never)).toThrow(/ScheduleConfig.frq: unknown field/);
  });
});
