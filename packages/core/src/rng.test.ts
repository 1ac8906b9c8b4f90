import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { Rng } from './rng.js';

describe('Rng', () => {
  it('is deterministic by seed and differs between seeds', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const sa = Array.from({ length: 8 }, () => a.uint32());
    expect(Array.from({ length: 8 }, () => b.uint32())).toEqual(sa);
    expect(Array.from({ length: 8 }, () => c.uint32())).not.toEqual(sa);
  });

  it('gives distinct, non-zero tfjs seeds', () => {
    const r = new Rng(0);
    const seeds = Array.from({ length: 10_000 }, () => r.seed());
    expect(seeds.every((s) => Number.isInteger(s) && s >= 1 && s <= 2147483647)).toBe(true);
    expect(new Set(seeds).size).toBeGreaterThan(9_990);
  });

  it('child() depends on the label, not on what was drawn from other children', () => {
    const r = new Rng(7);
    const x1 = r.child('w').seed();
    r.child('other').seed();
    const x2 = r.child('w').seed();
    expect(x2).toBe(x1);
    expect(r.child('w').seed()).not.toBe(r.child('v').seed());
    // A child does not advance its parent.
    const before = r.state();
    r.child('z');
    expect(r.state()).toEqual(before);
  });

  it('saves and restores the exact stream position', () => {
    const r = new Rng('run');
    r.float();
    const s = r.state();
    const next = [r.float(), r.float(), r.int(10)];
    const q = Rng.fromState(s);
    expect([q.float(), q.float(), q.int(10)]).toEqual(next);
  });

  it('has the right statistics: float in [0,1) with mean 1/2, normal mean 0 and variance 1, int unbiased', () => {
    const r = new Rng(3);
    const n = 50_000;
    let sum = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < n; i++) {
      const f = r.float();
      sum += f;
      min = Math.min(min, f);
      max = Math.max(max, f);
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(sum / n).toBeCloseTo(0.5, 2);
    let s1 = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const z = r.normal();
      s1 += z;
      s2 += z * z;
    }
    expect(s1 / n).toBeCloseTo(0, 1);
    expect(s2 / n).toBeCloseTo(1, 1);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60_000; i++) counts[r.int(6)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
  });

  it('shuffles into a permutation, deterministically', () => {
    const a = new Rng(5).shuffle([0, 1, 2, 3, 4, 5, 6, 7]);
    expect([...a].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(new Rng(5).shuffle([0, 1, 2, 3, 4, 5, 6, 7])).toEqual(a);
  });

  it('rejects bad seeds and ranges with a ConfigError naming the argument', () => {
    expect(() => new Rng(1.5)).toThrow(ConfigError);
    expect(() => new Rng(Number.NaN)).toThrow(/Rng: 'seed' must be a safe integer or a string, got NaN/);
    expect(() => new Rng(1).int(0)).toThrow(/Rng.int: 'n' must be an integer in \[1, 2\^32\], got 0/);
  });
});
