import { Grid } from '../grid.js';
import type { Level, LevelLayout } from '../levels.js';
import type { Mission } from '../mission.js';
import { makeObject } from '../world-object.js';

/** A level that always yields the layout `build()` returns (fresh objects every reset). */
export function customLevel(build: () => LevelLayout): Level {
  return {
    name: 'Custom',
    difficulty: 0,
    summary: 'test layout',
    defaults: { roomSize: 5, numDistractors: 0 },
    minRoomSize: 4,
    baseObjects: 0,
    freeCells: () => 100,
    generate: () => build(),
  };
}

/** A walled `w x h` room with the agent at `pos` facing `dir`; `place` adds objects. */
export function room(w: number, h: number, pos: [number, number], dir: number, mission: Mission, place: (g: Grid) => void = () => {}, maxSteps = 50): Level {
  return customLevel(() => {
    const g = new Grid(w, h);
    g.wallRect(0, 0, w, h);
    place(g);
    return { grid: g, agentPos: [...pos], agentDir: dir, mission, maxSteps };
  });
}

export { makeObject };
