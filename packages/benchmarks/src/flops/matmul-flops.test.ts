import { ConfigError } from '@rimjs/core';
import { describe, expect, it } from 'vitest';
import { groupLinearFlops, matmulFlops } from './matmul-flops.js';

describe('matmulFlops', () => {
  it('is 2 m k n: [2, 3] @ [3, 4] has 8 outputs of 3 multiply-adds each = 48', () => {
    expect(matmulFlops(2, 3, 4)).toBe(2 * 3 * 4 * 2);
    expect(matmulFlops(1, 1, 1)).toBe(2);
    expect(matmulFlops(0, 5, 5)).toBe(0);
  });

  it('rejects a negative or fractional size with a ConfigError naming it', () => {
    expect(() => matmulFlops(-1, 2, 2)).toThrow(ConfigError);
    expect(() => matmulFlops(2, 1.5, 2)).toThrow('matmulFlops.k: must be an integer');
  });
});

describe('groupLinearFlops', () => {
  it('counts units x (matmul + bias adds), at the RIM lstm-hidden size', () => {
    // 6 units, each [64, 100] @ [100, 400] (2*64*100*400) plus 64*400 bias adds.
    expect(groupLinearFlops({ batch: 64, units: 6, inSize: 100, outSize: 400 })).toBe(6 * (5_120_000 + 25_600));
    expect(groupLinearFlops({ batch: 64, units: 6, inSize: 100, outSize: 400, bias: false })).toBe(6 * 5_120_000);
  });

  it('is a dense layer for units = 1', () => {
    expect(groupLinearFlops({ batch: 2, inSize: 3, outSize: 4 })).toBe(matmulFlops(2, 3, 4) + 2 * 4);
  });
});
