import { describe, expect, it } from 'vitest';
import { gruCellFlops, lstmCellFlops } from './rnn-cell-flops.js';

describe('lstmCellFlops', () => {
  it('counts 2*in*4H + 2*H*4H matmul flops and 21 H elementwise per row', () => {
    expect(lstmCellFlops({ batch: 1, inputSize: 1, hiddenSize: 1 })).toBe(8 + 8 + 21);
    // batch 2, input 3, hidden 5: matmuls 2*2*3*20 + 2*2*5*20 = 240 + 400; elementwise 21*2*5 = 210.
    expect(lstmCellFlops({ batch: 2, inputSize: 3, hiddenSize: 5 })).toBe(240 + 400 + 210);
  });

  it('the grouped form is units x the dense one (RIM: 6 units of hidden 100, input 400, batch 64)', () => {
    const one = 2 * 64 * 400 * 400 + 2 * 64 * 100 * 400 + 21 * 64 * 100;
    expect(lstmCellFlops({ batch: 64, units: 6, inputSize: 400, hiddenSize: 100 })).toBe(6 * one);
  });
});

describe('gruCellFlops', () => {
  it('counts 2*in*3H + 2*H*3H matmul flops and 17 H elementwise per row', () => {
    expect(gruCellFlops({ batch: 1, inputSize: 1, hiddenSize: 1 })).toBe(6 + 6 + 17);
    expect(gruCellFlops({ batch: 2, inputSize: 3, hiddenSize: 5 })).toBe(2 * 2 * 3 * 15 + 2 * 2 * 5 * 15 + 17 * 2 * 5);
    expect(gruCellFlops({ batch: 2, units: 4, inputSize: 3, hiddenSize: 5 })).toBe(4 * gruCellFlops({ batch: 2, inputSize: 3, hiddenSize: 5 }));
  });

  it('rejects a bad size naming it', () => {
    expect(() => gruCellFlops({ batch: 1, inputSize: 1, hiddenSize: -2 })).toThrow('gruCellFlops.hiddenSize: must be an integer');
  });
});
