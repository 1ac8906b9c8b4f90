import { ConfigError } from '@rimjs/core';
import { describe, expect, it } from 'vitest';
import { TRAIN_FLOPS_FACTOR, trainFlops } from './train-flops.js';

describe('trainFlops', () => {
  it('is 3 x forward (backward ~ 2 x forward)', () => {
    expect(TRAIN_FLOPS_FACTOR).toBe(3);
    expect(trainFlops(1000)).toBe(3000);
  });

  it('rejects a negative count', () => {
    expect(() => trainFlops(-1)).toThrow(ConfigError);
    expect(() => trainFlops(Number.NaN)).toThrow('trainFlops.forwardFlops');
  });
});
