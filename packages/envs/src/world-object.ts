import type { Color, DoorState, ObjectType } from './constants.js';
import { COLOR_CODES, DOOR_STATES, OBJECT_CODES } from './constants.js';

/**
 * One object in a grid cell (MiniGrid `core/world_object.py`). Mutable: a door's `state`
 * changes when toggled, and `pos` follows the object (`null` while carried).
 */
export interface WorldObject {
  readonly type: ObjectType;
  readonly color: Color;
  /** Doors only: open, closed or locked. */
  state?: DoorState;
  /** Boxes only: what toggling the box reveals (it replaces the box). */
  contains?: WorldObject | null;
  /** Where the object lies, or null while the agent carries it. */
  pos: [number, number] | null;
}

/** A new object (`pos` null until placed). */
export function makeObject(type: ObjectType, color: Color, extra: { state?: DoorState; contains?: WorldObject | null } = {}): WorldObject {
  const o: WorldObject = { type, color, pos: null };
  if (type === 'door') o.state = extra.state ?? 'closed';
  if (type === 'box') o.contains = extra.contains ?? null;
  return o;
}

/** Whether the agent can stand on it: open doors, goal, floor, lava. */
export function canOverlap(o: WorldObject): boolean {
  return o.type === 'goal' || o.type === 'floor' || o.type === 'lava' || (o.type === 'door' && o.state === 'open');
}

/** Whether the agent can pick it up: keys, balls, boxes. */
export function canPickup(o: WorldObject): boolean {
  return o.type === 'key' || o.type === 'ball' || o.type === 'box';
}

/** Whether light passes: everything but walls and closed or locked doors. */
export function seeBehind(o: WorldObject): boolean {
  if (o.type === 'wall') return false;
  if (o.type === 'door') return o.state === 'open';
  return true;
}

/** The `(object, colour, state)` code triple of an object. */
export function encodeObject(o: WorldObject): [number, number, number] {
  const state = o.type === 'door' ? DOOR_STATES[o.state ?? 'closed'] : 0;
  return [OBJECT_CODES[o.type], COLOR_CODES[o.color], state];
}
