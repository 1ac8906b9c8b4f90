import { ConfigCheck, ConfigError, type Rng } from '@rimjs/core';

/** What {@link simulateBalls} simulates. Lengths are in box widths (the box is `[0, 1]^2`). */
export interface BallsSimulation {
  /** `[count]` radii; every ball must fit: `0 < r < 0.5`. */
  readonly radii: ArrayLike<number>;
  /** `[count]` masses, positive. */
  readonly masses: ArrayLike<number>;
  /** Frames to record (the first is the initial state). */
  readonly frames: number;
  /** Integration sub-steps per frame (collisions are checked at each). */
  readonly substeps: number;
  /** `[min, max]` initial speed, box widths per frame; each ball's direction is uniform. */
  readonly speed: readonly [number, number];
  /** Optional start state instead of the random one: `[count, 2]` centres and velocities. */
  readonly initial?: { readonly positions: ArrayLike<number>; readonly velocities: ArrayLike<number> };
}

/** A simulated trajectory. */
export interface BallTrajectory {
  readonly count: number;
  readonly frames: number;
  readonly radii: Float64Array; // [count]
  readonly masses: Float64Array; // [count]
  /** `[frames, count, 2]`: `(x, y)` centres, `x` to the right, `y` down, in `[r, 1 - r]`. */
  readonly positions: Float64Array;
  /** `[frames, count, 2]`: velocities in box widths per frame. */
  readonly velocities: Float64Array;
}

/**
 * Simulates balls in the unit box with elastic collisions.
 *
 * Start (unless `initial` is given; its centres are clamped into `[r, 1 - r]`): centres drawn uniformly in `[r, 1 - r]^2` without overlap (rejection sampling),
 * velocities of uniform direction and speed in `speed`. Each frame is `substeps` sub-steps of
 * `dt = 1 / substeps`:
 * 1. move: `p += v dt`;
 * 2. balls `i < j` that overlap and approach (`(v_i - v_j) . n > 0`, `n` the unit vector from i to
 *    j) exchange the impulse `J = 2 (v_i - v_j) . n / (1/m_i + 1/m_j)`: `v_i -= J n / m_i`,
 *    `v_j += J n / m_j` (this conserves momentum and kinetic energy), and are pushed apart along
 *    `n` in inverse proportion to their masses;
 * 3. walls: a centre past `r` or `1 - r` is reflected back inside and that velocity component
 *    turned inward (energy unchanged).
 * Kinetic energy `sum m |v|^2 / 2` is therefore constant up to rounding.
 *
 * @throws ConfigError when a field is invalid or the balls do not fit in the box.
 * @example
 * const traj = simulateBalls({ radii: [0.1, 0.1], masses: [1, 1], frames: 51, substeps: 8, speed: [0.02, 0.04] }, new Rng(1));
 */
export function simulateBalls(sim: BallsSimulation, rng: Rng): BallTrajectory {
  const n = sim.radii.length;
  const c = new ConfigCheck('simulateBalls');
  c.require(sim.masses.length === n, 'masses', () => `must have one mass per radius (${n}), got ${sim.masses.length}`);
  for (let i = 0; i < n; i++) {
    c.number(`radii[${i}]`, sim.radii[i], Number.MIN_VALUE, 0.4999);
    c.number(`masses[${i}]`, sim.masses[i], Number.MIN_VALUE);
  }
  c.positiveInt('frames', sim.frames);
  c.positiveInt('substeps', sim.substeps);
  c.require(sim.speed[0] >= 0 && sim.speed[1] >= sim.speed[0] && sim.speed[1] < 0.5, 'speed', () => `must be [min, max] with 0 <= min <= max < 0.5, got ${JSON.stringify(sim.speed)}`);
  if (sim.initial) {
    c.require(sim.initial.positions.length === 2 * n && sim.initial.velocities.length === 2 * n, 'initial', () =>
      `must have [count, 2] = [${n}, 2] positions and velocities, got ${sim.initial!.positions.length} and ${sim.initial!.velocities.length} values`,
    );
  }
  c.throwIfAny();
  const r = Float64Array.from(sim.radii);
  const m = Float64Array.from(sim.masses);
  const p = new Float64Array(2 * n); // [count, 2]
  const v = new Float64Array(2 * n); // [count, 2]
  for (let i = 0; i < n && sim.initial; i++) {
    for (let a = 0; a < 2; a++) {
      p[2 * i + a] = Math.min(1 - r[i]!, Math.max(r[i]!, sim.initial.positions[2 * i + a]!));
      v[2 * i + a] = sim.initial.velocities[2 * i + a]!;
    }
  }
  // Random sequential placement can jam (the first balls leave no room for the last): then the
  // whole placement starts again, drawing on from the same stream. A sequence that places at the
  // first round is drawn exactly as before.
  const ROUNDS = 100;
  for (let round = 0; round < ROUNDS && !sim.initial; round++) {
    let jammed = -1;
    for (let i = 0; i < n; i++) {
      let placed = false;
      for (let attempt = 0; attempt < 10_000 && !placed; attempt++) {
        const x = rng.uniform(r[i]!, 1 - r[i]!);
        const y = rng.uniform(r[i]!, 1 - r[i]!);
        placed = true;
        for (let j = 0; j < i && placed; j++) placed = (x - p[2 * j]!) ** 2 + (y - p[2 * j + 1]!) ** 2 >= (r[i]! + r[j]!) ** 2;
        if (placed) [p[2 * i], p[2 * i + 1]] = [x, y];
      }
      if (!placed) {
        jammed = i;
        break;
      }
      const angle = 2 * Math.PI * rng.float();
      const speed = rng.uniform(sim.speed[0], sim.speed[1]);
      [v[2 * i], v[2 * i + 1]] = [speed * Math.cos(angle), speed * Math.sin(angle)];
    }
    if (jammed < 0) break;
    if (round === ROUNDS - 1) {
      throw new ConfigError(`simulateBalls: 'radii' do not fit: could not place ball ${jammed} of ${n} (radius ${r[jammed]}) without overlap in ${ROUNDS} rounds of 10000 tries`);
    }
  }
  const positions = new Float64Array(sim.frames * 2 * n); // [frames, count, 2]
  const velocities = new Float64Array(sim.frames * 2 * n); // [frames, count, 2]
  const dt = 1 / sim.substeps;
  for (let f = 0; f < sim.frames; f++) {
    if (f > 0) for (let s = 0; s < sim.substeps; s++) substep(p, v, r, m, dt);
    positions.set(p, f * 2 * n);
    velocities.set(v, f * 2 * n);
  }
  return { count: n, frames: sim.frames, radii: r, masses: m, positions, velocities };
}

function substep(p: Float64Array, v: Float64Array, r: Float64Array, m: Float64Array, dt: number): void {
  const n = r.length;
  for (let k = 0; k < 2 * n; k++) p[k]! += v[k]! * dt;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = p[2 * j]! - p[2 * i]!;
      const dy = p[2 * j + 1]! - p[2 * i + 1]!;
      const reach = r[i]! + r[j]!;
      const d2 = dx * dx + dy * dy;
      if (d2 >= reach * reach || d2 === 0) continue;
      const d = Math.sqrt(d2);
      const nx = dx / d;
      const ny = dy / d;
      const wi = 1 / m[i]! / (1 / m[i]! + 1 / m[j]!);
      const approach = (v[2 * i]! - v[2 * j]!) * nx + (v[2 * i + 1]! - v[2 * j + 1]!) * ny;
      if (approach > 0) {
        const impulse = (2 * approach) / (1 / m[i]! + 1 / m[j]!);
        v[2 * i]! -= (impulse / m[i]!) * nx;
        v[2 * i + 1]! -= (impulse / m[i]!) * ny;
        v[2 * j]! += (impulse / m[j]!) * nx;
        v[2 * j + 1]! += (impulse / m[j]!) * ny;
      }
      const overlap = reach - d;
      p[2 * i]! -= nx * overlap * wi;
      p[2 * i + 1]! -= ny * overlap * wi;
      p[2 * j]! += nx * overlap * (1 - wi);
      p[2 * j + 1]! += ny * overlap * (1 - wi);
    }
  }
  for (let i = 0; i < n; i++) {
    const lo = r[i]!;
    const hi = 1 - r[i]!;
    for (let a = 0; a < 2; a++) {
      const k = 2 * i + a;
      if (p[k]! < lo) {
        p[k] = Math.min(hi, 2 * lo - p[k]!);
        v[k] = Math.abs(v[k]!);
      } else if (p[k]! > hi) {
        p[k] = Math.max(lo, 2 * hi - p[k]!);
        v[k] = -Math.abs(v[k]!);
      }
    }
  }
}
