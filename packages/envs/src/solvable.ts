import { planToFace } from './bfs-agent.js';
import type { LevelLayout } from './levels.js';
import { findMatching, matches, type ObjectDesc } from './mission.js';

/**
 * Whether the mission can be done from the start: every cell it needs can be faced by walking
 * (closed doors count as passable, locked ones not), ignoring the objects it would move.
 */
export function solvable(layout: LevelLayout): boolean {
  const { grid, mission: m } = layout;
  const reach = (goal: (x: number, y: number) => boolean) => planToFace(layout, goal) !== null;
  const holds = (d: ObjectDesc) => (x: number, y: number) => {
    const o = grid.get(x, y);
    return o !== null && matches(o, d);
  };
  switch (m.kind) {
    case 'goToGoal':
      return reach((x, y) => grid.get(x, y)?.type === 'goal');
    case 'goTo':
    case 'pickup':
      return reach(holds(m.target));
    case 'open': {
      const locked = findMatching(grid, m.target).some((d) => d.state === 'locked');
      return reach(holds(m.target)) && (!locked || reach(holds({ type: 'key', color: m.target.color })));
    }
    case 'putNext': {
      const fixed = findMatching(grid, m.fixed);
      const nextTo = (x: number, y: number) => grid.get(x, y) === null && fixed.some((o) => o.pos !== null && Math.abs(o.pos[0] - x) + Math.abs(o.pos[1] - y) === 1);
      return reach(holds(m.move)) && reach(nextTo);
    }
  }
}
