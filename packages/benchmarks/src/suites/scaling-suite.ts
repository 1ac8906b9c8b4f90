import { ConfigCheck } from '@rimjs/core';
import type { BenchCase, Suite } from '../suite/suite.js';
import type { RimEngine } from '@rimjs/rim';
import { modelCase } from './model-case.js';
import { TASK_SIZES, type TaskSize } from './task-sizes.js';

/** Options of {@link scalingSuite}. */
export interface ScalingSuiteOptions {
  /** How RIM layers run: `fused` (default) or `composed`. */
  engine?: RimEngine;
  /** The sizes every series starts from. Default copying `small` (embedding 64, 6 x 32, top 4, batch 16, 30 steps). */
  base?: TaskSize;
  /** Units (topK = ceil(units / 2)). Default `[2, 4, 6, 12, 24]`. */
  units?: readonly number[];
  /** Hidden size per unit. Default `[16, 32, 64, 128]`. */
  hidden?: readonly number[];
  /** Sequence lengths. Default `[10, 30, 50, 100]`. */
  lengths?: readonly number[];
  /** The points of each axis that also run in quick runs (the rest are `tier: 'full'`). Default 2, 6, 24 units; hidden 16, 32, 128; lengths 10, 30, 100. */
  quickPoints?: { units?: readonly number[]; hidden?: readonly number[]; lengths?: readonly number[] };
  /** Add the dense LSTM of the same total state (`units * hidden`) to every series, full runs only. Default `true`. */
  baseline?: boolean;
}

type Axis = 'units' | 'hidden' | 'length';

/**
 * The `scaling` suite: a RIM training step (official cell, LSTM units, small width) as the number
 * of units (topK = ceil(units / 2)), the hidden size per unit, and the sequence length grow, each
 * from the base sizes. Records carry `scaleAxis` (`units`, `hidden`, `length`; the value in
 * `params`), so the report draws one line chart per axis. Quick runs take 3 points per axis; full
 * runs every point, plus the dense LSTM of the same total state (`lstm-<axis><value>`).
 *
 * @throws ConfigError naming a size that is not a positive integer.
 * @example
 * const results = await runBenchmarks([scalingSuite()], { backends: ['wasm'], quick: false });
 */
export function scalingSuite(options: ScalingSuiteOptions = {}): Suite {
  const base = options.base ?? TASK_SIZES[0]!;
  const axes: Record<Axis, readonly number[]> = {
    units: options.units ?? [2, 4, 6, 12, 24],
    hidden: options.hidden ?? [16, 32, 64, 128],
    length: options.lengths ?? [10, 30, 50, 100],
  };
  const quickPoints: Record<Axis, readonly number[]> = {
    units: options.quickPoints?.units ?? [2, 6, 24],
    hidden: options.quickPoints?.hidden ?? [16, 32, 128],
    length: options.quickPoints?.lengths ?? [10, 30, 100],
  };
  const check = new ConfigCheck('scalingSuite');
  for (const [axis, values] of Object.entries(axes)) values.forEach((v, i) => check.positiveInt(`${axis === 'length' ? 'lengths' : axis}[${i}]`, v));
  check.throwIfAny();
  const baseline = options.baseline ?? true;
  const cases: BenchCase[] = [];
  for (const axis of ['units', 'hidden', 'length'] as const) {
    for (const v of axes[axis]) {
      const s: TaskSize =
        axis === 'units' ? { ...base, units: v, topK: Math.ceil(v / 2) } : axis === 'hidden' ? { ...base, hidden: v } : { ...base, steps: v };
      const params = { units: s.units, topK: s.topK, hidden: s.hidden, length: s.steps };
      const tier = quickPoints[axis].includes(v) ? 'quick' : 'full';
      cases.push(modelCase('rim-official-lstm', s, { id: `rim-${axis}${v}`, mode: 'train', tier, scaleAxis: axis, params, ...(options.engine ? { engine: options.engine } : {}) }));
      if (baseline) {
        const lstmParams = { ...params, state: s.units * s.hidden };
        cases.push(modelCase('lstm', s, { id: `lstm-${axis}${v}`, mode: 'train', tier: 'full', scaleAxis: axis, params: lstmParams }));
      }
    }
  }
  return {
    name: 'scaling',
    description: `RIM training step (${base.task} ${base.size}: embedding ${base.embedding}, batch ${base.batch}) as units, hidden size and sequence length grow`,
    cases,
  };
}
