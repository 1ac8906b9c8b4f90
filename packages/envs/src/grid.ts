import { ConfigError } from '@rimjs/core';
import { CELL_CHANNELS, OBJECT_CODES } from './constants.js';
import { encodeObject, makeObject, seeBehind, type WorldObject } from './world-object.js';

/**
 * A `width x height` grid of cells, each empty (`null`) or holding one {@link WorldObject}
 * (MiniGrid `core/grid.py`). `(x, y)`: x to the right, y down; `(0, 0)` is the top-left cell.
 */
export class Grid {
  readonly width: number;
  readonly height: number;
  private readonly cells: (WorldObject | null)[];

  /** @throws ConfigError when a side is not a positive integer. */
  constructor(width: number, height: number) {
    if (!Number.isInteger(width) || width < 1 || !Number.isInteger(height) || height < 1) {
      throw new ConfigError(`Grid: 'width' and 'height' must be positive integers, got ${width} x ${height}`);
    }
    this.width = width;
    this.height = height;
    this.cells = new Array<WorldObject | null>(width * height).fill(null);
  }

  /** Whether `(x, y)` lies inside the grid. */
  inside(x: number, y: number): boolean {
    return x >= 0 && y >= 0 && x < this.width && y < this.height;
  }

  /** The object at `(x, y)`, or null. @throws ConfigError outside the grid. */
  get(x: number, y: number): WorldObject | null {
    if (!this.inside(x, y)) throw new ConfigError(`Grid.get: (${x}, ${y}) is outside the ${this.width} x ${this.height} grid`);
    return this.cells[y * this.width + x]!;
  }

  /** Puts `o` (or nothing) at `(x, y)` and records the object's position. */
  set(x: number, y: number, o: WorldObject | null): void {
    if (!this.inside(x, y)) throw new ConfigError(`Grid.set: (${x}, ${y}) is outside the ${this.width} x ${this.height} grid`);
    this.cells[y * this.width + x] = o;
    if (o) o.pos = [x, y];
  }

  /** A row of walls from `(x, y)`, `length` cells long. */
  horzWall(x: number, y: number, length: number): void {
    for (let i = 0; i < length; i++) this.set(x + i, y, makeObject('wall', 'grey'));
  }

  /** A column of walls from `(x, y)`, `length` cells long. */
  vertWall(x: number, y: number, length: number): void {
    for (let j = 0; j < length; j++) this.set(x, y + j, makeObject('wall', 'grey'));
  }

  /** The outline of a `w x h` rectangle of walls with top-left `(x, y)`. */
  wallRect(x: number, y: number, w: number, h: number): void {
    this.horzWall(x, y, w);
    this.horzWall(x, y + h - 1, w);
    this.vertWall(x, y, h);
    this.vertWall(x + w - 1, y, h);
  }

  /** The `w x h` window at `(topX, topY)`; cells outside the grid come back as walls (MiniGrid `Grid.slice`). */
  slice(topX: number, topY: number, w: number, h: number): Grid {
    const g = new Grid(w, h);
    for (let j = 0; j < h; j++) {
      for (let i = 0; i < w; i++) {
        const x = topX + i;
        const y = topY + j;
        // Shared references (not copies): the window is read-only, positions are not rewritten.
        g.cells[j * w + i] = this.inside(x, y) ? this.cells[y * this.width + x]! : makeObject('wall', 'grey');
      }
    }
    return g;
  }

  /** The grid turned 90 degrees counter-clockwise: cell `(i, j)` goes to `(j, width - 1 - i)` (MiniGrid `rotate_left`). */
  rotateLeft(): Grid {
    const g = new Grid(this.height, this.width);
    for (let i = 0; i < this.width; i++) {
      for (let j = 0; j < this.height; j++) g.cells[(g.height - 1 - i) * g.width + j] = this.cells[j * this.width + i]!;
    }
    return g;
  }

  /**
   * MiniGrid's visibility pass (`Grid.process_vis`): from the agent's cell, sweep rows away from
   * the agent, spreading sight sideways and one row forward, stopping at cells that block it.
   * Cells left unseen are emptied. Returns the mask, indexed `[y * width + x]`.
   */
  processVis(agentX: number, agentY: number): Uint8Array {
    const w = this.width;
    const mask = new Uint8Array(w * this.height);
    mask[agentY * w + agentX] = 1;
    const blocks = (i: number, j: number): boolean => {
      const c = this.cells[j * w + i];
      return c !== null && c !== undefined && !seeBehind(c);
    };
    for (let j = this.height - 1; j >= 0; j--) {
      for (let i = 0; i < w - 1; i++) {
        if (!mask[j * w + i] || blocks(i, j)) continue;
        mask[j * w + i + 1] = 1;
        if (j > 0) {
          mask[(j - 1) * w + i + 1] = 1;
          mask[(j - 1) * w + i] = 1;
        }
      }
      for (let i = w - 1; i >= 1; i--) {
        if (!mask[j * w + i] || blocks(i, j)) continue;
        mask[j * w + i - 1] = 1;
        if (j > 0) {
          mask[(j - 1) * w + i - 1] = 1;
          mask[(j - 1) * w + i] = 1;
        }
      }
    }
    for (let k = 0; k < mask.length; k++) if (!mask[k]) this.cells[k] = null;
    return mask;
  }

  /**
   * Writes the `(object, colour, state)` codes into `out` at `offset`, MiniGrid's layout
   * `[x][y][channel]` (`Grid.encode`): unseen cells `(0, 0, 0)`, empty seen cells `(1, 0, 0)`.
   */
  encodeInto(out: Uint8Array, offset: number, visible: Uint8Array | null): void {
    for (let i = 0; i < this.width; i++) {
      for (let j = 0; j < this.height; j++) {
        const k = offset + (i * this.height + j) * CELL_CHANNELS;
        if (visible && !visible[j * this.width + i]) {
          out[k] = OBJECT_CODES.unseen;
          out[k + 1] = 0;
          out[k + 2] = 0;
          continue;
        }
        const o = this.cells[j * this.width + i]!;
        if (o === null) {
          out[k] = OBJECT_CODES.empty;
          out[k + 1] = 0;
          out[k + 2] = 0;
        } else {
          const [t, c, s] = encodeObject(o);
          out[k] = t;
          out[k + 1] = c;
          out[k + 2] = s;
        }
      }
    }
  }

  /** Sets a cell of this (view) grid without touching the object's position (for the carried object). */
  setView(x: number, y: number, o: WorldObject | null): void {
    this.cells[y * this.width + x] = o;
  }
}
