import { describe, it, expect } from 'vitest';
import { ConfigError, Rng } from '@rimjs/core';
import { bouncingBalls } from './bouncing-balls-presets.js';
import { simulateBalls, type BallTrajectory } from './simulate-balls.js';

const energy = (t: BallTrajectory, f: number): number => {
  let e = 0;
  for (let i = 0; i < t.count; i++) {
    const vx = t.velocities[(f * t.count + i) * 2]!;
    const vy = t.velocities[(f * t.count + i) * 2 + 1]!;
    e += 0.5 * t.masses[i]! * (vx * vx + vy * vy);
  }
  return e;
};

describe('simulateBalls', () => {
  const crowded = (seed: number): BallTrajectory => {
    const rng = new Rng(seed);
    const radii = Array.from({ length: 8 }, () => rng.uniform(0.06, 0.12));
    return simulateBalls({ radii, masses: radii.map((r) => r * r), frames: 300, substeps: 8, speed: [0.02, 0.05] }, rng);
  };

  it('keeps every ball inside the frame at every frame', () => {
    for (let seed = 0; seed < 5; seed++) {
      const t = crowded(seed);
      for (let f = 0; f < t.frames; f++) {
        for (let i = 0; i < t.count; i++) {
          for (let a = 0; a < 2; a++) {
            const x = t.positions[(f * t.count + i) * 2 + a]!;
            expect(x >= t.radii[i]! && x <= 1 - t.radii[i]!).toBe(true);
          }
        }
      }
    }
  });

  it('conserves kinetic energy (relative drift < 1e-9) while balls do collide', () => {
    for (let seed = 0; seed < 5; seed++) {
      const t = crowded(seed);
      const e0 = energy(t, 0);
      let speedChanges = 0;
      for (let f = 1; f < t.frames; f++) {
        expect(Math.abs(energy(t, f) - e0) / e0).toBeLessThan(1e-9);
        for (let i = 0; i < t.count; i++) {
          const s = (g: number): number => Math.hypot(t.velocities[(g * t.count + i) * 2]!, t.velocities[(g * t.count + i) * 2 + 1]!);
          if (Math.abs(s(f) - s(f - 1)) > 1e-12) speedChanges++; // walls keep a ball's speed; only collisions change it
        }
      }
      expect(speedChanges).toBeGreaterThan(10);
    }
  });

  it('a head-on collision follows the 1-D elastic formulas', () => {
    const [m1, m2, u1, u2] = [1, 3, 0.02, -0.01];
    const t = simulateBalls(
      { radii: [0.1, 0.1], masses: [m1, m2], frames: 11, substeps: 8, speed: [0, 0], initial: { positions: [0.3, 0.5, 0.7, 0.5], velocities: [u1, 0, u2, 0] } },
      new Rng(0),
    );
    const v1 = ((m1 - m2) * u1 + 2 * m2 * u2) / (m1 + m2); // -0.025
    const v2 = ((m2 - m1) * u2 + 2 * m1 * u1) / (m1 + m2); // 0.005
    const last = 10 * 4;
    expect(t.velocities[last]).toBeCloseTo(v1, 12);
    expect(t.velocities[last + 2]).toBeCloseTo(v2, 12);
    expect(t.velocities[last + 1]).toBe(0);
    expect(m1 * t.velocities[last]! + m2 * t.velocities[last + 2]!).toBeCloseTo(m1 * u1 + m2 * u2, 12);
    // before contact (gap 0.2 closes at 0.03 per frame) nothing changes
    expect([t.velocities[5 * 4], t.velocities[5 * 4 + 2]]).toEqual([u1, u2]);
    expect(t.positions[5 * 4]).toBeCloseTo(0.3 + 5 * u1, 12);
  });

  it('reflects off a wall: x = 2 (1 - r) - x_free, velocity reversed', () => {
    const t = simulateBalls(
      { radii: [0.1], masses: [1], frames: 6, substeps: 4, speed: [0, 0], initial: { positions: [0.8, 0.5], velocities: [0.05, 0] } },
      new Rng(0),
    );
    for (let f = 0; f < 6; f++) {
      const free = 0.8 + 0.05 * f;
      expect(t.positions[f * 2]).toBeCloseTo(free <= 0.9 ? free : 1.8 - free, 12);
    }
    expect(t.velocities[5 * 2]).toBe(-0.05);
  });

  it('is deterministic by seed', () => {
    expect(crowded(7).positions).toEqual(crowded(7).positions);
    expect(crowded(7).positions).not.toEqual(crowded(8).positions);
  });

  it('starts a jammed placement again: every training batch of 6-8 balls is drawn (one jammed before)', () => {
    const data = bouncingBalls('balls678', { side: 8, frames: 2 });
    for (let step = 0; step < 600; step++) expect(() => data.batchAt(step, 16, 1), `step ${step}`).not.toThrow();
  });

  it('rejects balls that do not fit and bad fields', () => {
    expect(() => simulateBalls({ radii: new Array(10).fill(0.3), masses: new Array(10).fill(1), frames: 2, substeps: 1, speed: [0, 0.1] }, new Rng(1))).toThrow(
      /simulateBalls: 'radii' do not fit: could not place ball 1 of 10 \(radius 0.3\)/,
    );
    expect(() => simulateBalls({ radii: [0.6], masses: [1, 2], frames: 0, substeps: 1, speed: [0.1, 0] }, new Rng(1))).toThrow(ConfigError);
  });
});
