import { describe, expect, it } from 'vitest';
import { GridWorld } from './grid-world.js';
import { Grid } from './grid.js';
import { visibleCells } from './render.js';
import fixture from './test-support/minigrid-view-fixture.json' with { type: 'json' };
import { customLevel, makeObject, room } from './test-support/custom-level.js';
import type { Color } from './constants.js';

const cell = (image: Uint8Array, x: number, y: number) => Array.from(image.slice((x * 7 + y) * 3, (x * 7 + y) * 3 + 3));

/**
 * The layout of the fixture. `minigrid-view-fixture.json` was written by a Python script that
 * transcribes MiniGrid's `Grid.slice`, `rotate_left`, `process_vis`, `encode` and
 * `MiniGridEnv.gen_obs_grid` line for line (numpy, not our code), on this layout.
 */
function fixtureLevel(pos: [number, number], dir: number) {
  return customLevel(() => {
    const g = new Grid(10, 9);
    g.wallRect(0, 0, 10, 9);
    for (let y = 1; y < 6; y++) g.set(6, y, makeObject('wall', 'grey'));
    g.set(6, 2, makeObject('door', 'red', { state: 'closed' }));
    g.set(6, 4, makeObject('door', 'green', { state: 'open' }));
    g.set(2, 3, makeObject('wall', 'grey'));
    g.set(3, 2, makeObject('ball', 'blue'));
    g.set(7, 3, makeObject('key', 'yellow'));
    g.set(8, 5, makeObject('box', 'purple'));
    g.set(2, 6, makeObject('door', 'blue', { state: 'locked' }));
    g.set(4, 1, makeObject('goal', 'green'));
    return { grid: g, agentPos: pos, agentDir: dir, mission: { kind: 'goToGoal' }, maxSteps: 10 };
  });
}

describe('egocentric view (MiniGrid gen_obs_grid + process_vis + encode)', () => {
  it.each(fixture.map((f, i) => [i, f] as const))('matches MiniGrid byte for byte: pose %i', (_, f) => {
    const env = new GridWorld(fixtureLevel(f.pos as [number, number], f.dir));
    env.reset();
    if (f.carrying) env.carrying = makeObject('key', 'red');
    expect(Array.from(env.observe().image)).toEqual(f.image);
  });

  it('puts the agent at view (3, 6) facing y = 0, with the world turned to match each direction', () => {
    // A red ball two cells ahead and one to the right, in every direction.
    const ahead: [number, number][] = [[1, 0], [0, 1], [-1, 0], [0, -1]];
    for (let dir = 0; dir < 4; dir++) {
      const [fx, fy] = ahead[dir]!;
      const [rx, ry] = ahead[(dir + 1) % 4]!;
      const env = new GridWorld(room(11, 11, [5, 5], dir, { kind: 'goToGoal' }, (g) => g.set(5 + 2 * fx + rx, 5 + 2 * fy + ry, makeObject('ball', 'red'))));
      env.reset();
      const img = env.observe().image;
      expect(cell(img, 4, 4)).toEqual([6, 0, 0]);
      expect(cell(img, 3, 6)).toEqual([1, 0, 0]); // own cell: empty, never the agent code
    }
  });

  it('shows cells outside the map as walls and the carried object on the agent cell', () => {
    const env = new GridWorld(room(5, 5, [2, 1], 3, { kind: 'goToGoal' }));
    env.reset();
    env.carrying = makeObject('ball', 'purple');
    const img = env.observe().image;
    expect(cell(img, 3, 5)).toEqual([2, 5, 0]); // the top wall, right ahead
    expect(cell(img, 3, 6)).toEqual([6, 3, 0]); // carried purple ball
  });

  it('occludes what lies behind walls and closed doors, not behind open doors or objects', () => {
    const colors: Color[] = ['red', 'green'];
    for (const [state, hidden] of [['closed', true], ['locked', true], ['open', false]] as const) {
      // A wall across the room two cells ahead, with a door in the middle; a ball behind the door.
      const env = new GridWorld(room(9, 9, [4, 6], 3, { kind: 'goToGoal' }, (g) => {
        g.horzWall(1, 4, 7);
        g.set(4, 4, makeObject('door', colors[0]!, { state }));
        g.set(4, 2, makeObject('ball', colors[1]!));
      }));
      env.reset();
      const img = env.observe().image;
      expect(cell(img, 3, 4)[0]).toBe(4); // the door itself is seen
      expect(cell(img, 3, 2)).toEqual(hidden ? [0, 0, 0] : [6, 1, 0]);
      expect(cell(img, 3, 3)[0]).toBe(hidden ? 0 : 1);
    }
    // A ball does not block sight: the wall behind it is seen.
    const env = new GridWorld(room(7, 7, [3, 5], 3, { kind: 'goToGoal' }, (g) => g.set(3, 3, makeObject('ball', 'blue'))));
    env.reset();
    expect(cell(env.observe().image, 3, 2)).toEqual([1, 0, 0]);
    expect(cell(env.observe().image, 3, 1)).toEqual([2, 5, 0]);
  });

  it('visibleCells maps the seen view cells back to the world', () => {
    const env = new GridWorld(room(9, 9, [4, 6], 3, { kind: 'goToGoal' }, (g) => g.horzWall(1, 4, 7)));
    env.reset();
    const seen = visibleCells(env).map(([x, y]) => `${x},${y}`).sort();
    // The window spans x = 1..7 and y = 0..6 (ahead of the agent); the wall row 4 hides rows 0-3.
    const expected: string[] = [];
    for (let y = 4; y <= 6; y++) for (let x = 1; x <= 7; x++) expected.push(`${x},${y}`);
    expect(seen).toEqual(expected.sort());
  });
});
