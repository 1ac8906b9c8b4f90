import { describe, expect, it } from 'vitest';
import { ConfigError } from '@rimjs/core';
import { CELL_DEFAULTS, resolveCellConfig } from './cell-config.js';

describe('resolveCellConfig', () => {
  it('fills the defaults', () => {
    const c = resolveCellConfig('LstmCellConfig', { inputSize: 3, hiddenSize: 4 });
    expect(c.inputDropout).toBe(CELL_DEFAULTS.inputDropout);
    expect(c.stateDropout).toBe(0);
    expect(typeof c.weightInit).toBe('function');
  });

  it('lists every problem, each with its field', () => {
    let err: unknown;
    try {
      resolveCellConfig('GroupLstmCellConfig', { units: 0, inputSize: 1.5, hiddenSize: 4, inputDropout: 1, stateDropout: -0.5 }, true);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems).toEqual([
      'GroupLstmCellConfig.units: must be an integer in [1, ∞], got 0',
      'GroupLstmCellConfig.inputSize: must be an integer in [1, ∞], got 1.5',
      'GroupLstmCellConfig.inputDropout: must be a number in [0, 1), got 1',
      'GroupLstmCellConfig.stateDropout: must be a number in [0, 1), got -0.5',
    ]);
  });

  it('rejects unknown fields (a typo must not be ignored)', () => {
    expect(() => resolveCellConfig('GruCellConfig', { inputSize: 3, hiddenSize: 4, dropout: 0.1 } as never)).toThrow(
      /GruCellConfig.dropout: unknown field/,
    );
    expect(() => resolveCellConfig('GruCellConfig', { inputSize: 3, hiddenSize: 4, units: 2 } as never)).toThrow(
      /GruCellConfig.units: unknown field/,
    );
  });
});
