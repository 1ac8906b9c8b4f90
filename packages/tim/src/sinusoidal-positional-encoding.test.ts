import { describe, it, expect, beforeAll } from 'vitest';
import { ConfigError } from '@rimjs/core';
import { useBackend } from '@rimjs/core/testing';
import { sinusoidalPositionalEncoding } from './sinusoidal-positional-encoding.js';
import { causalMask } from './causal-mask.js';

describe('sinusoidalPositionalEncoding and causalMask', () => {
  beforeAll(() => useBackend('cpu'));

  it('is sin/cos of p / 10000^(2i / d)', () => {
    const pe = sinusoidalPositionalEncoding(3, 5);
    const v = pe.arraySync();
    expect(pe.shape).toEqual([3, 5]);
    expect(v[0]).toEqual([0, 1, 0, 1, 0]);
    expect(v[1]![0]).toBeCloseTo(Math.sin(1), 6);
    expect(v[1]![1]).toBeCloseTo(Math.cos(1), 6);
    expect(v[2]![2]).toBeCloseTo(Math.sin(2 / Math.pow(10000, 2 / 5)), 6);
    expect(v[2]![3]).toBeCloseTo(Math.cos(2 / Math.pow(10000, 2 / 5)), 6);
    expect(v[2]![4]).toBeCloseTo(Math.sin(2 / Math.pow(10000, 4 / 5)), 6);
    pe.dispose();
    expect(() => sinusoidalPositionalEncoding(0, 4)).toThrow(ConfigError);
  });

  it('causalMask lets query q see keys k <= q', () => {
    const m = causalMask(3);
    expect(m.dtype).toBe('bool');
    expect(m.arraySync()).toEqual([[1, 0, 0], [1, 1, 0], [1, 1, 1]]);
    m.dispose();
    expect(() => causalMask(0)).toThrow("causalMask.time: must be an integer in [1, ∞], got 0");
  });
});
