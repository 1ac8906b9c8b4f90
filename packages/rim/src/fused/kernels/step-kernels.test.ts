import { describe, expect, it } from 'vitest';
import { tanh } from './step-kernels.js';

describe('step kernels', () => {
  it('tanh from one exp agrees with Math.tanh far below float32 resolution', () => {
    for (const x of [-30, -5, -1, -0.3, -0.011, -1e-3, -1e-9, 0, 1e-9, 1e-3, 0.011, 0.3, 1, 5, 19.9, 30]) {
      expect(Math.abs(tanh(x) - Math.tanh(x))).toBeLessThanOrEqual(1e-15 + 1e-12 * Math.abs(Math.tanh(x)));
    }
  });
});
