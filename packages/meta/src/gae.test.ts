import { ConfigError, Rng } from '@rimjs/core';
import { describe, expect, it } from 'vitest';
import { computeGae } from './gae.js';

/** The definition, term by term: A_t = sum_l (gamma lambda)^l delta_{t+l}, stopping after the episode's last step. */
function slowGae(r: number[][], v: number[][], d: number[][], last: number[], gamma: number, lambda: number): number[][] {
  const time = r.length;
  const n = last.length;
  const out = r.map((row) => row.map(() => 0));
  for (let e = 0; e < n; e++) {
    for (let t = 0; t < time; t++) {
      let sum = 0;
      for (let l = 0; t + l < time; l++) {
        const s = t + l;
        const next = s === time - 1 ? last[e]! : v[s + 1]![e]!;
        const delta = r[s]![e]! + gamma * (1 - d[s]![e]!) * next - v[s]![e]!;
        sum += (gamma * lambda) ** l * delta;
        if (d[s]![e]) break;
      }
      out[t]![e] = sum;
    }
  }
  return out;
}

describe('computeGae', () => {
  it('matches the term-by-term definition on random rollouts with episode ends', () => {
    const rng = new Rng(3);
    const time = 13;
    const n = 5;
    const r = Array.from({ length: time }, () => Array.from({ length: n }, () => (rng.float() < 0.2 ? rng.float() : 0)));
    const v = Array.from({ length: time }, () => Array.from({ length: n }, () => rng.normal()));
    const d = Array.from({ length: time }, () => Array.from({ length: n }, () => (rng.float() < 0.15 ? 1 : 0)));
    const last = Array.from({ length: n }, () => rng.normal());
    const g = computeGae(Float32Array.from(r.flat()), Float32Array.from(v.flat()), Uint8Array.from(d.flat()), Float32Array.from(last), { gamma: 0.97, lambda: 0.9 });
    const ref = slowGae(r, v, d, last, 0.97, 0.9);
    for (let t = 0; t < time; t++) {
      for (let e = 0; e < n; e++) {
        expect(g.advantages[t * n + e]).toBeCloseTo(ref[t]![e]!, 5);
        expect(g.returns[t * n + e]).toBeCloseTo(ref[t]![e]! + v[t]![e]!, 5);
      }
    }
  });

  it('a hand case: one reward at the end, lambda = 1 gives discounted return minus value', () => {
    const g = computeGae(Float32Array.from([0, 0, 1]), Float32Array.from([0.5, 0.2, 0.1]), Uint8Array.from([0, 0, 1]), Float32Array.from([7]), { gamma: 0.9, lambda: 1 });
    expect(Array.from(g.returns).map((x) => +x.toFixed(6))).toEqual([0.81, 0.9, 1]);
    expect(g.advantages[0]).toBeCloseTo(0.81 - 0.5, 6);
  });

  it('names bad inputs', () => {
    expect(() => computeGae(new Float32Array(4), new Float32Array(3), new Uint8Array(4), new Float32Array(2), { gamma: 0.9, lambda: 0.9 })).toThrow(ConfigError);
    expect(() => computeGae(new Float32Array(4), new Float32Array(4), new Uint8Array(4), new Float32Array(2), { gamma: 1.5, lambda: 0.9 })).toThrow("'gamma' and 'lambda' must be in [0, 1], got 1.5, 0.9");
  });
});
