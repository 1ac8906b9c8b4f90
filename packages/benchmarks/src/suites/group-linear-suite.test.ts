import { ConfigError } from '@rimjs/core';
import { describe, expect, it } from 'vitest';
import { groupLinearSuite } from './group-linear-suite.js';

describe('groupLinearSuite', () => {
  it('has infer and train cases for the 4 RIM maps at paper sizes, and a units scaling series', () => {
    const suite = groupLinearSuite();
    expect(suite.name).toBe('groupLinear');
    expect(suite.cases).toHaveLength(8 + 7);
    const input = suite.cases.find((c) => c.id === 'lstm-input-infer')!;
    expect(input).toMatchObject({ model: 'rim', task: 'copying', size: 'paper', batch: 64, steps: 1, params: { units: 6, inSize: 400, outSize: 400 } });
    // 6 units x ([64, 400] @ [400, 400] + bias)
    expect(input.flopsPerStep).toBe(6 * (2 * 64 * 400 * 400 + 64 * 400));
    const train = suite.cases.find((c) => c.id === 'lstm-input-train')!;
    expect(train.flopsPerStep).toBe(3 * input.flopsPerStep);
    const scaling = suite.cases.filter((c) => c.scaleAxis === 'units');
    expect(scaling.map((c) => c.params!.units)).toEqual([2, 4, 6, 8, 12, 16, 24]);
    expect(new Set(suite.cases.map((c) => c.id)).size).toBe(suite.cases.length);
  });

  it('small divides the sizes by 4', () => {
    const c = groupLinearSuite({ size: 'small', scalingUnits: [], modes: ['infer'] });
    expect(c.cases.map((x) => [x.id, x.params!.inSize, x.params!.outSize, x.batch])).toEqual([
      ['lstm-input-infer', 100, 100, 8],
      ['lstm-hidden-infer', 25, 100, 8],
      ['comm-query-infer', 25, 32, 8],
      ['comm-output-infer', 100, 25, 8],
    ]);
  });

  it('rejects bad options naming each', () => {
    expect(() => groupLinearSuite({ batch: 0, modes: ['fit' as 'train'] })).toThrow(ConfigError);
    expect(() => groupLinearSuite({ batch: 0, modes: ['fit' as 'train'] })).toThrow(
      'groupLinearSuite.batch: must be an integer in [1, ∞], got 0\n  groupLinearSuite.modes[0]: must be one of "infer" | "train", got "fit"',
    );
  });
});
