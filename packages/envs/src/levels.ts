import { assertKnownKeys, ConfigCheck, ConfigError, type Rng } from '@rimjs/core';
import { COLORS, type Color } from './constants.js';
import type { Grid } from './grid.js';
import { drawDesc, drawDoorColor, isHeldOut, objectOf, placeAgent, placeRandom, type Split, walledGrid } from './level-support.js';
import { matches, type Mission, type ObjectDesc } from './mission.js';
import { solvable } from './solvable.js';
import { makeObject } from './world-object.js';

/** A freshly generated episode. */
export interface LevelLayout {
  grid: Grid;
  agentPos: [number, number];
  agentDir: number;
  mission: Mission;
  maxSteps: number;
}

/** Options every level takes. */
export interface LevelOptions {
  /** Mission targets from the training combinations, the held-out ones, or any. Default `'train'`. */
  split?: Split;
  /** Side of a room, walls included (MiniGrid's `room_size`). Default per level. */
  roomSize?: number;
  /** Objects besides the ones the mission names. Default per level. */
  numDistractors?: number;
}

/** A level: a seeded generator of layouts and missions. */
export interface Level {
  name: string;
  /** 0 = easiest. */
  difficulty: number;
  summary: string;
  defaults: { roomSize: number; numDistractors: number };
  minRoomSize: number;
  /** Objects placed besides the distractors (the mission's own, the goal). */
  baseObjects: number;
  /** Cells of the grid the objects and the agent share (for the option check). */
  freeCells(roomSize: number): number;
  generate(rng: Rng, options: Required<LevelOptions>): LevelLayout;
}

/** Thrown inside a generator when a draw does not fit; the level draws again. */
class Redraw extends Error {}
const need = <T>(v: T | null): T => {
  if (v === null) throw new Redraw();
  return v;
};

/** Runs `gen` until it fits and is {@link solvable} (at most 100 draws). */
function retry(name: string, gen: () => LevelLayout): LevelLayout {
  for (let i = 0; i < 100; i++) {
    try {
      const layout = gen();
      if (solvable(layout)) return layout;
    } catch (e) {
      if (!(e instanceof Redraw)) throw e;
    }
  }
  throw new ConfigError(`${name}: could not place the objects in 100 draws; use a larger roomSize or fewer numDistractors`);
}

const interior = (n: number) => (n - 2) * (n - 2);

/** One room `n x n`: the objects, then the agent (front empty or a wall). */
function oneRoom(rng: Rng, n: number, descs: ObjectDesc[]): { grid: Grid; agent: { pos: [number, number]; dir: number } } {
  const grid = walledGrid(n, n);
  for (const d of descs) need(placeRandom(rng, grid, objectOf(d), 1, 1, n - 2, n - 2));
  return { grid, agent: need(placeAgent(rng, grid, 1, 1, n - 2, n - 2)) };
}

function distractors(rng: Rng, split: Split, count: number): ObjectDesc[] {
  return Array.from({ length: count }, () => drawDesc(rng, split, 'distractor'));
}

/** The level's distractors on free cells of an `n x n` room, then the agent's pose. */
function distractorsAndAgent(rng: Rng, grid: Grid, n: number, o: Required<LevelOptions>): { pos: [number, number]; dir: number } {
  for (const d of distractors(rng, o.split, o.numDistractors)) need(placeRandom(rng, grid, objectOf(d), 1, 1, n - 2, n - 2));
  return need(placeAgent(rng, grid, 1, 1, n - 2, n - 2));
}

/** What a level definition gives; {@link defineLevel} adds the shared parts. */
interface LevelSpec {
  name: string;
  difficulty: number;
  summary: string;
  roomSize: number;
  numDistractors: number;
  minRoomSize?: number;
  baseObjects: number;
  /** One draw of a layout (may throw Redraw); retried until solvable. */
  draw(rng: Rng, o: Required<LevelOptions>): LevelLayout;
}

/** A {@link Level} from its spec: free cells of one room's interior, draws retried until solvable. */
function defineLevel(s: LevelSpec): Level {
  return {
    name: s.name,
    difficulty: s.difficulty,
    summary: s.summary,
    defaults: { roomSize: s.roomSize, numDistractors: s.numDistractors },
    minRoomSize: s.minRoomSize ?? 4,
    baseObjects: s.baseObjects,
    freeCells: interior,
    generate: (rng, o) => retry(s.name, () => s.draw(rng, o)),
  };
}

/** The agent's pose and the rest of a layout, in {@link LevelLayout}'s form. */
function layout(grid: Grid, agent: { pos: [number, number]; dir: number }, mission: Mission, maxSteps: number): LevelLayout {
  return { grid, agentPos: agent.pos, agentDir: agent.dir, mission, maxSteps };
}

function localLevel(name: string, difficulty: number, kind: 'goTo' | 'pickup', summary: string, numDistractors: number): Level {
  return defineLevel({
    name,
    difficulty,
    summary,
    roomSize: 8,
    numDistractors,
    baseObjects: 1,
    draw: (rng, o) => {
      const target = drawDesc(rng, o.split, 'target');
      const { grid, agent } = oneRoom(rng, o.roomSize, [target, ...distractors(rng, o.split, o.numDistractors)]);
      return layout(grid, agent, { kind, target }, o.roomSize * o.roomSize);
    },
  });
}

/** Random non-corner positions on each of the four walls of an `n x n` room: right, bottom, left, top. */
function wallSpots(rng: Rng, n: number): [number, number][] {
  const k = () => 1 + rng.int(n - 2);
  return [
    [n - 1, k()],
    [k(), n - 1],
    [0, k()],
    [k(), 0],
  ];
}

const GO_TO_GOAL = defineLevel({
  name: 'GoToGoal',
  difficulty: 0,
  summary: "one room, a green goal square (MiniGrid Empty, random start): 'get to the green goal square'",
  roomSize: 5,
  numDistractors: 0,
  baseObjects: 1,
  draw: (rng, o) => {
    const n = o.roomSize;
    const grid = walledGrid(n, n);
    need(placeRandom(rng, grid, makeObject('goal', 'green'), 1, 1, n - 2, n - 2));
    const agent = distractorsAndAgent(rng, grid, n, o);
    return layout(grid, agent, { kind: 'goToGoal' }, 4 * n * n);
  },
});

const OPEN_DOOR_LOCAL = defineLevel({
  name: 'OpenDoorLocal',
  difficulty: 4,
  summary: "one room with a closed door of a distinct colour in each wall: 'open the {c} door'",
  roomSize: 6,
  numDistractors: 0,
  baseObjects: 0,
  draw: (rng, o) => {
    const n = o.roomSize;
    const grid = walledGrid(n, n);
    const target = drawDoorColor(rng, o.split, 'target');
    const colors: Color[] = [target];
    while (colors.length < 4) colors.push(drawDoorColor(rng, o.split === 'test' ? 'all' : o.split, 'distractor', colors));
    rng.shuffle(colors);
    wallSpots(rng, n).forEach(([x, y], i) => grid.set(x, y, makeObject('door', colors[i]!, { state: 'closed' })));
    const agent = distractorsAndAgent(rng, grid, n, o);
    return layout(grid, agent, { kind: 'open', target: { type: 'door', color: target } }, n * n);
  },
});

const UNLOCK_LOCAL = defineLevel({
  name: 'UnlockLocal',
  difficulty: 5,
  summary: "one room, a locked door and the key of its colour: 'open the {c} door' (pick up the key, toggle the door)",
  roomSize: 6,
  numDistractors: 0,
  baseObjects: 1,
  draw: (rng, o) => {
    const n = o.roomSize;
    const grid = walledGrid(n, n);
    // Train: neither the door nor its key may be a held-out combination.
    const heldKeys = o.split === 'train' ? COLORS.filter((c) => isHeldOut({ type: 'key', color: c })) : [];
    const color = drawDoorColor(rng, o.split, 'target', heldKeys);
    const [x, y] = wallSpots(rng, n)[rng.int(4)]!;
    grid.set(x, y, makeObject('door', color, { state: 'locked' }));
    need(placeRandom(rng, grid, makeObject('key', color), 1, 1, n - 2, n - 2));
    const agent = distractorsAndAgent(rng, grid, n, o);
    return layout(grid, agent, { kind: 'open', target: { type: 'door', color } }, n * n);
  },
});

const same = (a: ObjectDesc, b: ObjectDesc) => a.type === b.type && a.color === b.color;

const PUT_NEXT_LOCAL = defineLevel({
  name: 'PutNextLocal',
  difficulty: 6,
  summary: "one room, objects of distinct descriptions: 'put the {c1} {t1} next to the {c2} {t2}'",
  roomSize: 8,
  numDistractors: 6,
  minRoomSize: 5,
  baseObjects: 2,
  draw: (rng, o) => {
    const move = drawDesc(rng, o.split, 'target');
    const descs = [move];
    while (descs.length < 2 + o.numDistractors) {
      const d = drawDesc(rng, o.split, 'distractor');
      if (!descs.some((e) => same(e, d))) descs.push(d);
    }
    const { grid, agent } = oneRoom(rng, o.roomSize, descs);
    const [pa, pb] = [findPos(grid, descs[0]!), findPos(grid, descs[1]!)];
    if (!pa || !pb || Math.abs(pa[0] - pb[0]) + Math.abs(pa[1] - pb[1]) === 1) throw new Redraw();
    return layout(grid, agent, { kind: 'putNext', move, fixed: descs[1]! }, 2 * o.roomSize * o.roomSize);
  },
});

function findPos(grid: Grid, d: ObjectDesc): [number, number] | null {
  for (let y = 0; y < grid.height; y++) for (let x = 0; x < grid.width; x++) {
    const c = grid.get(x, y);
    if (c && c.type === d.type && c.color === d.color) return [x, y];
  }
  return null;
}

const GO_TO_OBJ_DOOR = defineLevel({
  name: 'GoToObjDoor',
  difficulty: 7,
  summary: "two rooms joined by a closed door, the target in the other room: 'go to the {c} {t}'",
  roomSize: 6,
  numDistractors: 2,
  baseObjects: 1,
  draw: (rng, o) => {
    const n = o.roomSize;
    const grid = walledGrid(2 * n - 1, n);
    grid.vertWall(n - 1, 0, n);
    const doorY = 1 + rng.int(n - 2);
    grid.set(n - 1, doorY, makeObject('door', drawDoorColor(rng, o.split, 'distractor'), { state: 'closed' }));
    const target = drawDesc(rng, o.split, 'target');
    need(placeRandom(rng, grid, objectOf(target), n, 1, n - 2, n - 2));
    // The cells either side of the door stay free; no distractor fits the target's description.
    const keepFree = [grid.get(n - 2, doorY) === null, grid.get(n, doorY) === null];
    const sides: [number, number][] = [[n - 2, doorY], [n, doorY]];
    sides.forEach(([x, y], i) => keepFree[i] && grid.set(x, y, makeObject('floor', 'grey')));
    for (let k = 0; k < o.numDistractors; k++) {
      let d = drawDesc(rng, o.split, 'distractor');
      while (matches(objectOf(d), target)) d = drawDesc(rng, o.split, 'distractor');
      need(placeRandom(rng, grid, objectOf(d), 1, 1, 2 * n - 3, n - 2));
    }
    sides.forEach(([x, y], i) => keepFree[i] && grid.set(x, y, null));
    const agent = need(placeAgent(rng, grid, 1, 1, n - 2, n - 2));
    return layout(grid, agent, { kind: 'goTo', target }, 2 * n * n);
  },
});

/** The levels, easiest first. */
export const LEVELS: readonly Level[] = [
  GO_TO_GOAL,
  localLevel('GoToObj', 1, 'goTo', "one room, one object: 'go to the {c} {t}'", 0),
  localLevel('GoToLocal', 2, 'goTo', "one room, the target among distractors (repeats allowed): 'go to the/a {c} {t}'", 7),
  localLevel('PickupLocal', 3, 'pickup', "one room, the target among distractors: 'pick up the/a {c} {t}'", 7),
  OPEN_DOOR_LOCAL,
  UNLOCK_LOCAL,
  PUT_NEXT_LOCAL,
  GO_TO_OBJ_DOOR,
];

/** The names of {@link LEVELS}, easiest first. */
export const LEVEL_NAMES: readonly string[] = LEVELS.map((l) => l.name);

/**
 * Finds a level and fills in its option defaults, checking every field.
 * @throws ConfigError naming every problem (unknown level or field, bad split, room too small for the objects).
 */
export function resolveLevel(where: string, level: string | Level, options: LevelOptions): { level: Level; options: Required<LevelOptions> } {
  const l = typeof level === 'string' ? LEVELS.find((x) => x.name === level) : level;
  if (!l) throw new ConfigError(`${where}: 'level' must be one of ${LEVEL_NAMES.join(', ')}, got ${JSON.stringify(level)}`);
  assertKnownKeys(`${where}Options`, options, ['split', 'roomSize', 'numDistractors']);
  const r: Required<LevelOptions> = {
    split: options.split ?? 'train',
    roomSize: options.roomSize ?? l.defaults.roomSize,
    numDistractors: options.numDistractors ?? l.defaults.numDistractors,
  };
  const c = new ConfigCheck(`${where}Options`);
  c.oneOf('split', r.split, ['train', 'test', 'all']);
  c.integer('roomSize', r.roomSize, l.minRoomSize, 32);
  c.integer('numDistractors', r.numDistractors, 0);
  c.throwIfAny();
  const free = l.freeCells(r.roomSize);
  c.require(r.numDistractors + l.baseObjects + 1 <= free, 'numDistractors', () => `${l.name} with roomSize ${r.roomSize} has ${free} free cells for ${l.baseObjects} mission object(s), the agent and the distractors; got ${r.numDistractors} distractors`);
  c.throwIfAny();
  return { level: l, options: r };
}
