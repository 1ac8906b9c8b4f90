import type { Color } from './constants.js';
import type { Grid } from './grid.js';
import type { WorldObject } from './world-object.js';

/** What a mission names: an object's type and colour ("the red ball"). */
export interface ObjectDesc {
  type: 'key' | 'ball' | 'box' | 'door';
  color: Color;
}

/**
 * A BabyAI-style instruction (mila-iqia/babyai `verifier.py`): go to, pick up, open, put next
 * to; `goToGoal` is MiniGrid's "get to the green goal square".
 */
export type Mission =
  | { kind: 'goTo'; target: ObjectDesc }
  | { kind: 'pickup'; target: ObjectDesc }
  | { kind: 'open'; target: ObjectDesc }
  | { kind: 'putNext'; move: ObjectDesc; fixed: ObjectDesc }
  | { kind: 'goToGoal' };

/** Whether `o` fits the description. */
export function matches(o: WorldObject, d: ObjectDesc): boolean {
  return o.type === d.type && o.color === d.color;
}

/** Every object on the grid that fits `d`. */
export function findMatching(grid: Grid, d: ObjectDesc): WorldObject[] {
  const out: WorldObject[] = [];
  for (let y = 0; y < grid.height; y++) {
    for (let x = 0; x < grid.width; x++) {
      const o = grid.get(x, y);
      if (o && matches(o, d)) out.push(o);
    }
  }
  return out;
}

/** "the red ball" when exactly one object fits, "a red ball" otherwise (BabyAI's `ObjDesc.surface`). */
export function describe(d: ObjectDesc, count: number): string {
  return `${count === 1 ? 'the' : 'a'} ${d.color} ${d.type}`;
}

/** The mission's text for the grid it was drawn on. */
export function missionText(m: Mission, grid: Grid): string {
  const the = (d: ObjectDesc) => describe(d, findMatching(grid, d).length);
  switch (m.kind) {
    case 'goTo':
      return `go to ${the(m.target)}`;
    case 'pickup':
      return `pick up ${the(m.target)}`;
    case 'open':
      return `open ${the(m.target)}`;
    case 'putNext':
      return `put ${the(m.move)} next to ${the(m.fixed)}`;
    case 'goToGoal':
      return 'get to the green goal square';
  }
}

/** What the verifier sees after a step. */
export interface VerifyContext {
  grid: Grid;
  /** The cell in front of the agent after the step (may be outside the grid: then null). */
  front: WorldObject | null;
  carrying: WorldObject | null;
  /** What the agent carried before the step. */
  carryingBefore: WorldObject | null;
  action: number;
}

/**
 * Success of a mission after one step (BabyAI `verifier.py`, checked after every step):
 * - goTo: the cell in front holds a matching object;
 * - pickup: a pickup made the agent carry a matching object it did not carry before;
 * - open: a toggle left a matching door in front open;
 * - putNext: a drop put the carried matching object at Manhattan distance 1 from a matching object.
 * `goToGoal` is decided by the environment (stepping onto the goal).
 */
export function verifyMission(m: Mission, ctx: VerifyContext): boolean {
  const { front, carrying, carryingBefore, action } = ctx;
  switch (m.kind) {
    case 'goTo':
      return front !== null && matches(front, m.target);
    case 'pickup':
      return action === 3 && carryingBefore === null && carrying !== null && matches(carrying, m.target);
    case 'open':
      return action === 5 && front !== null && matches(front, m.target) && front.state === 'open';
    case 'putNext': {
      if (action !== 4 || carryingBefore === null || carrying !== null || !matches(carryingBefore, m.move)) return false;
      const pos = carryingBefore.pos;
      if (!pos) return false;
      return findMatching(ctx.grid, m.fixed).some((o) => o !== carryingBefore && o.pos !== null && Math.abs(o.pos[0] - pos[0]) + Math.abs(o.pos[1] - pos[1]) === 1);
    }
    case 'goToGoal':
      return false;
  }
}
