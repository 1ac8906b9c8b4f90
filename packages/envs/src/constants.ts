/**
 * MiniGrid's codes (Farama-Foundation/Minigrid `minigrid/core/constants.py`, `core/actions.py`):
 * an observation cell is `(object, colour, state)` with these integer codes.
 */

/** Object codes: unseen 0, empty 1, wall 2, floor 3, door 4, key 5, ball 6, box 7, goal 8, lava 9, agent 10. */
export const OBJECT_CODES = {
  unseen: 0,
  empty: 1,
  wall: 2,
  floor: 3,
  door: 4,
  key: 5,
  ball: 6,
  box: 7,
  goal: 8,
  lava: 9,
  agent: 10,
} as const;

/** The kinds of object that can stand in a grid cell. */
export type ObjectType = 'wall' | 'floor' | 'door' | 'key' | 'ball' | 'box' | 'goal' | 'lava';

/** The six colours, in MiniGrid's code order. */
export const COLORS = ['red', 'green', 'blue', 'purple', 'yellow', 'grey'] as const;
/** A MiniGrid colour name. */
export type Color = (typeof COLORS)[number];
/** Colour codes: red 0, green 1, blue 2, purple 3, yellow 4, grey 5. */
export const COLOR_CODES: Record<Color, number> = { red: 0, green: 1, blue: 2, purple: 3, yellow: 4, grey: 5 };
/** MiniGrid draws random colours from the sorted names (`sorted(COLOR_NAMES)`). */
export const SORTED_COLORS: readonly Color[] = [...COLORS].sort();

/** Door state codes: open 0, closed 1, locked 2 (other objects encode 0). */
export const DOOR_STATES = { open: 0, closed: 1, locked: 2 } as const;
/** A door's state. */
export type DoorState = keyof typeof DOOR_STATES;

/** The seven actions, in MiniGrid's order: left 0, right 1, forward 2, pickup 3, drop 4, toggle 5, done 6. */
export const ACTIONS = ['left', 'right', 'forward', 'pickup', 'drop', 'toggle', 'done'] as const;
/** An action's name. */
export type ActionName = (typeof ACTIONS)[number];
/** Action codes by name. */
export const ACTION: Record<ActionName, number> = { left: 0, right: 1, forward: 2, pickup: 3, drop: 4, toggle: 5, done: 6 };
/** Number of actions (7). */
export const NUM_ACTIONS = ACTIONS.length;

/** Direction vectors `[dx, dy]`: 0 = +x (right), 1 = +y (down), 2 = -x (left), 3 = -y (up). */
export const DIR_TO_VEC: readonly (readonly [number, number])[] = [
  [1, 0],
  [0, 1],
  [-1, 0],
  [0, -1],
];

/** Side of the egocentric view (MiniGrid's `agent_view_size`). */
export const VIEW_SIZE = 7;
/** Channels of an encoded cell: object, colour, state. */
export const CELL_CHANNELS = 3;
