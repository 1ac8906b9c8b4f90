import { ConfigError, type Rng } from '@rimjs/core';
import { COLORS, type Color } from './constants.js';
import { Grid } from './grid.js';
import type { ObjectDesc } from './mission.js';
import { makeObject, type WorldObject } from './world-object.js';

/** Which object/colour combinations a level may use as mission targets. */
export type Split = 'train' | 'test' | 'all';

/**
 * The held-out combinations: `train` never shows them (targets nor distractors); `test` makes
 * them the mission's target (distractors may be anything). One per kind of object.
 */
export const HELD_OUT: readonly ObjectDesc[] = [
  { type: 'ball', color: 'yellow' },
  { type: 'key', color: 'green' },
  { type: 'box', color: 'purple' },
  { type: 'door', color: 'blue' },
];

/** Whether a description is one of {@link HELD_OUT}. */
export function isHeldOut(d: ObjectDesc): boolean {
  return HELD_OUT.some((h) => h.type === d.type && h.color === d.color);
}

const PICKABLE = ['key', 'ball', 'box'] as const;

/** A random key/ball/box description allowed in `split` (`target`: the mission's target; distractors otherwise). */
export function drawDesc(rng: Rng, split: Split, role: 'target' | 'distractor', types: readonly ObjectDesc['type'][] = PICKABLE): ObjectDesc {
  const all: ObjectDesc[] = types.flatMap((type) => COLORS.map((color) => ({ type, color })));
  let pool = all;
  if (split === 'train') pool = all.filter((d) => !isHeldOut(d));
  else if (split === 'test' && role === 'target') pool = all.filter((d) => isHeldOut(d));
  if (pool.length === 0) throw new ConfigError(`drawDesc: no ${role} of types ${types.join('/')} in split '${split}'`);
  return pool[rng.int(pool.length)]!;
}

/** A random colour allowed for a door in `split` (`test` targets: the held-out door colour). */
export function drawDoorColor(rng: Rng, split: Split, role: 'target' | 'distractor', exclude: readonly Color[] = []): Color {
  const d = drawDesc(rng, split, role, ['door']);
  if (!exclude.includes(d.color)) return d.color;
  const pool = COLORS.filter((c) => !exclude.includes(c) && (split !== 'train' || !isHeldOut({ type: 'door', color: c })));
  if (pool.length === 0) throw new ConfigError(`drawDoorColor: no door colour left in split '${split}'`);
  return pool[rng.int(pool.length)]!;
}

/** A grid of `width x height` with walls all around. */
export function walledGrid(width: number, height: number): Grid {
  const g = new Grid(width, height);
  g.wallRect(0, 0, width, height);
  return g;
}

/** Puts `o` on a random empty cell of the `w x h` area at `(x0, y0)` that is not `avoid`; null when no cell is free. */
export function placeRandom(rng: Rng, grid: Grid, o: WorldObject, x0: number, y0: number, w: number, h: number, avoid: [number, number] | null = null): [number, number] | null {
  const free: [number, number][] = [];
  for (let y = y0; y < y0 + h; y++) {
    for (let x = x0; x < x0 + w; x++) {
      if (grid.get(x, y) === null && !(avoid && avoid[0] === x && avoid[1] === y)) free.push([x, y]);
    }
  }
  if (free.length === 0) return null;
  const p = free[rng.int(free.length)]!;
  grid.set(p[0], p[1], o);
  return p;
}

/**
 * A random empty cell and direction for the agent in the area, with an empty cell or a wall in
 * front (BabyAI `RoomGridLevel.place_agent`); null when none exists.
 */
export function placeAgent(rng: Rng, grid: Grid, x0: number, y0: number, w: number, h: number): { pos: [number, number]; dir: number } | null {
  const poses: { pos: [number, number]; dir: number }[] = [];
  const vec = [[1, 0], [0, 1], [-1, 0], [0, -1]] as const;
  for (let y = y0; y < y0 + h; y++) {
    for (let x = x0; x < x0 + w; x++) {
      if (grid.get(x, y) !== null) continue;
      for (let dir = 0; dir < 4; dir++) {
        const [fx, fy] = [x + vec[dir]![0], y + vec[dir]![1]];
        const f = grid.inside(fx, fy) ? grid.get(fx, fy) : null;
        if (f === null || f.type === 'wall') poses.push({ pos: [x, y], dir });
      }
    }
  }
  return poses.length === 0 ? null : poses[rng.int(poses.length)]!;
}

/** A key/ball/box of the description. */
export function objectOf(d: ObjectDesc): WorldObject {
  return makeObject(d.type, d.color);
}
