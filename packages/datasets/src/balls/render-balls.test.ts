import { describe, it, expect } from 'vitest';
import { renderBalls } from './render-balls.js';

/** Every pixel, every ball, the plain formula. */
function reference(centres: number[], radii: number[], side: number, mode: 'binary' | 'grey'): number[] {
  const out: number[] = [];
  for (let i = 0; i < side; i++) {
    for (let j = 0; j < side; j++) {
      let v = 0;
      radii.forEach((r, b) => {
        const d2 = ((j + 0.5) / side - centres[2 * b]!) ** 2 + ((i + 0.5) / side - centres[2 * b + 1]!) ** 2;
        const value = mode === 'binary' ? (d2 <= r * r ? 1 : 0) : d2 <= (1.5 * r) ** 2 ? Math.exp(-((d2 / (r * r)) ** 4)) : 0;
        v = Math.max(v, value);
      });
      out.push(Math.fround(v));
    }
  }
  return out;
}

describe('renderBalls', () => {
  const centres = [0.2, 0.3, 0.75, 0.7, 0.13, 0.88];
  const radii = [0.12, 0.1, 0.12];

  it('equals the every-pixel reference in binary and grey', () => {
    for (const side of [16, 37, 64]) {
      for (const mode of ['binary', 'grey'] as const) {
        expect(Array.from(renderBalls(centres, radii, side, mode))).toEqual(reference(centres, radii, side, mode));
      }
    }
  });

  it('binary: a disc covers about pi r^2 side^2 pixels, values are 0 or 1', () => {
    const frame = renderBalls([0.5, 0.5], [0.25], 200, 'binary');
    const ink = frame.reduce((a, v) => a + v, 0);
    expect(Math.abs(ink - Math.PI * 0.25 ** 2 * 200 ** 2) / ink).toBeLessThan(0.01);
    expect(frame.every((v) => v === 0 || v === 1)).toBe(true);
  });

  it('grey: in [0, 1], near 1 at the centre, exp(-1) at the rim', () => {
    const frame = renderBalls([0.5, 0.5], [0.2], 101, 'grey');
    expect(frame.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(frame[50 * 101 + 50]).toBeCloseTo(1, 6);
    // the pixel whose centre is 0.2 to the right of the ball's centre: (j + 0.5) / 101 = 0.7
    const j = Math.round(0.7 * 101 - 0.5);
    const d = (j + 0.5) / 101 - 0.5;
    expect(frame[50 * 101 + j]).toBeCloseTo(Math.exp(-(((d * d) / 0.04) ** 4)), 6);
    expect(frame[0]).toBe(0);
  });

  it('overwrites a given output array', () => {
    const out = new Float32Array(64).fill(7);
    expect(renderBalls([0.5, 0.5], [0.1], 8, 'binary', out)).toBe(out);
    expect(out.every((v) => v === 0 || v === 1)).toBe(true);
  });
});
