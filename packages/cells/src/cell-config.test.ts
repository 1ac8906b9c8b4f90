import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '@rimjs/core/testing';
import { ConfigError, Parameters, Rng } from '@rimjs/core';
import { CELL_DEFAULTS, resolveCellConfig } from './cell-config.js';
import { GroupLstmCell } from './group-lstm-cell.js';
import { GruCell } from './gru-cell.js';
import { LstmCell } from './lstm-cell.js';

describe('resolveCellConfig', () => {
  beforeAll(() => useBackend('cpu'));

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

  it('forgetBias adds to the forget gate of biasHh only, dense and grouped; a GRU refuses it', () => {
    const h = 3;
    const biases = (make: (p: Parameters, fb: number) => unknown, fb: number) => {
      const p = new Parameters(new Rng(4));
      make(p, fb);
      const out = { ih: p.get('biasIh').arraySync() as number[] | number[][], hh: p.get('biasHh').arraySync() as number[] | number[][] };
      p.dispose();
      return out;
    };
    const makers = [
      (p: Parameters, fb: number) => new LstmCell(p, { inputSize: 2, hiddenSize: h, forgetBias: fb }),
      (p: Parameters, fb: number) => new GroupLstmCell(p, { units: 2, inputSize: 2, hiddenSize: h, forgetBias: fb }),
    ];
    for (const make of makers) {
      const base = biases(make, 0);
      const got = biases(make, 1.5);
      expect(got.ih).toEqual(base.ih);
      const rows = (b: number[] | number[][]) => (Array.isArray(b[0]) ? (b as number[][]) : [b as number[]]);
      rows(got.hh).forEach((row, r) => {
        row.forEach((v, j) => {
          const want = rows(base.hh)[r]![j]! + (j >= h && j < 2 * h ? 1.5 : 0);
          expect(v).toBeCloseTo(want, 6);
        });
      });
    }
    expect(() => new GruCell(new Parameters(new Rng(1)), { inputSize: 2, hiddenSize: h, forgetBias: 1 })).toThrow(
      'GruCellConfig.forgetBias: is for LSTM cells (a GRU has no forget gate), got 1',
    );
    expect(() => resolveCellConfig('LstmCellConfig', { inputSize: 2, hiddenSize: h, forgetBias: Number.NaN })).toThrow(/LstmCellConfig.forgetBias/);
  });
});
