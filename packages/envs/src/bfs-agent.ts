import { ACTION, DIR_TO_VEC } from './constants.js';
import type { Grid } from './grid.js';
import type { GridWorld } from './grid-world.js';
import { findMatching, matches, type ObjectDesc } from './mission.js';
import { canOverlap, type WorldObject } from './world-object.js';

/** Whether the planner may walk through a cell: empty, overlappable (not lava) or a closed, unlocked door (it toggles it). */
function walkable(o: WorldObject | null): boolean {
  if (o === null) return true;
  if (o.type === 'lava') return false;
  if (o.type === 'door') return o.state !== 'locked';
  return canOverlap(o);
}

/** What the planner reads: the grid and the agent's pose (a {@link GridWorld} is one). */
export interface PlanWorld {
  grid: Grid;
  agentPos: readonly [number, number];
  agentDir: number;
}

/**
 * The first action of a shortest turn/forward path (breadth-first over `(x, y, direction)`)
 * to a pose whose front cell satisfies `goal`: `ACTION.done` when already there, `null` when no
 * such pose is reachable.
 */
export function planToFace(env: PlanWorld, goal: (x: number, y: number) => boolean): number | null {
  const g = env.grid;
  const key = (x: number, y: number, d: number) => (y * g.width + x) * 4 + d;
  const seen = new Uint8Array(g.width * g.height * 4);
  type Node = { x: number; y: number; d: number; first: number };
  const start: Node = { x: env.agentPos[0], y: env.agentPos[1], d: env.agentDir, first: -1 };
  const queue: Node[] = [start];
  seen[key(start.x, start.y, start.d)] = 1;
  for (let head = 0; head < queue.length; head++) {
    const n = queue[head]!;
    const [dx, dy] = DIR_TO_VEC[n.d]!;
    const fx = n.x + dx;
    const fy = n.y + dy;
    if (g.inside(fx, fy) && goal(fx, fy)) return n.first === -1 ? ACTION.done : n.first;
    const next: [number, number, number, number][] = [
      [n.x, n.y, (n.d + 3) % 4, ACTION.left],
      [n.x, n.y, (n.d + 1) % 4, ACTION.right],
    ];
    if (g.inside(fx, fy) && walkable(g.get(fx, fy))) next.push([fx, fy, n.d, ACTION.forward]);
    for (const [x, y, d, a] of next) {
      const k = key(x, y, d);
      if (seen[k]) continue;
      seen[k] = 1;
      queue.push({ x, y, d, first: n.first === -1 ? a : n.first });
    }
  }
  return null;
}

/**
 * A scripted agent that reads the whole world (not the partial view) and solves every level's
 * mission by breadth-first search: navigate to face the right cell (toggling closed doors on the
 * way), then pick up, drop or toggle. Used by the tests to show every level is solvable, and as a
 * demonstrator.
 *
 * @example
 * const env = new GridWorld('UnlockLocal', { seed: 4 });
 * env.reset();
 * let r; do r = env.step(bfsAction(env)); while (!r.terminated && !r.truncated);
 */
export function bfsAction(env: GridWorld): number {
  const m = env.mission;
  const g = env.grid;
  const [fx, fy] = env.frontPos;
  const front = g.inside(fx, fy) ? g.get(fx, fy) : null;
  const holding = env.carrying;
  const isEmpty = (x: number, y: number) => g.get(x, y) === null;
  const faceAndDo = (goal: (x: number, y: number) => boolean, action: number): number => {
    const a = planToFace(env, goal);
    if (a === null) return ACTION.done;
    if (a === ACTION.done) return action;
    if (a === ACTION.forward && front?.type === 'door' && front.state !== 'open') return ACTION.toggle;
    return a;
  };
  const at = (d: ObjectDesc) => (x: number, y: number) => {
    const o = g.get(x, y);
    return o !== null && matches(o, d);
  };
  const dropFirst = (): number => faceAndDo(isEmpty, ACTION.drop);
  switch (m.kind) {
    case 'goToGoal':
      return faceAndDo((x, y) => g.get(x, y)?.type === 'goal', ACTION.forward);
    case 'goTo':
      return faceAndDo(at(m.target), ACTION.done);
    case 'pickup':
      if (holding) return dropFirst();
      return faceAndDo(at(m.target), ACTION.pickup);
    case 'open': {
      const door = findMatching(g, m.target)[0];
      if (door?.state === 'locked' && !(holding?.type === 'key' && holding.color === door.color)) {
        if (holding) return dropFirst();
        return faceAndDo(at({ type: 'key', color: door.color }), ACTION.pickup);
      }
      return faceAndDo(at(m.target), ACTION.toggle);
    }
    case 'putNext': {
      if (!holding || !matches(holding, m.move)) {
        if (holding) return dropFirst();
        return faceAndDo(at(m.move), ACTION.pickup);
      }
      const fixed = findMatching(g, m.fixed);
      const nextToFixed = (x: number, y: number) => isEmpty(x, y) && fixed.some((o) => o.pos !== null && Math.abs(o.pos[0] - x) + Math.abs(o.pos[1] - y) === 1);
      return faceAndDo(nextToFixed, ACTION.drop);
    }
  }
}
