import { ConfigError, Rng } from '@rimjs/core';
import { ACTION, CELL_CHANNELS, DIR_TO_VEC, NUM_ACTIONS, VIEW_SIZE } from './constants.js';
import type { Grid } from './grid.js';
import { type Level, type LevelOptions, resolveLevel } from './levels.js';
import { type Mission, missionText, verifyMission } from './mission.js';
import { canOverlap, canPickup, type WorldObject } from './world-object.js';

/** One observation (MiniGrid's dict): the egocentric view, the direction and the mission. */
export interface Observation {
  /** `[7, 7, 3]` codes, MiniGrid's layout `[x][y][channel]`; the agent sits at view cell (3, 6) facing y = 0. */
  image: Uint8Array;
  /** 0 = +x, 1 = +y, 2 = -x, 3 = -y. */
  direction: number;
  mission: string;
}

/** What a step reports besides the reward. */
export interface StepInfo {
  /** Whether the mission was achieved on this step. */
  success: boolean;
  /** Steps taken in this episode. */
  stepCount: number;
}

/** Gymnasium's step tuple, as an object. */
export interface StepResult {
  observation: Observation;
  reward: number;
  /** The episode ended by the mission's success (or by lava). */
  terminated: boolean;
  /** The episode ran out of steps (`maxSteps`). */
  truncated: boolean;
  info: StepInfo;
}

/** Options of a {@link GridWorld}. */
export interface GridWorldOptions extends LevelOptions {
  /** Seed of the first `reset()` (later resets continue the stream). Default 0. */
  seed?: number;
}

/**
 * One grid world with MiniGrid's dynamics (`minigrid/minigrid_env.py`) and a BabyAI-style
 * mission checked after every step (`babyai/core/roomgrid_level.py`).
 *
 * - left/right turn; forward moves onto an empty or overlappable cell (open door, goal, floor, lava);
 * - pickup takes a key, ball or box in front when carrying nothing; drop puts the carried object
 *   onto an empty cell in front; toggle opens/closes a door (a locked one opens only with a key of
 *   its colour) or replaces a box by its contents; done does nothing.
 * - reward `1 - 0.9 * stepCount / maxSteps` on success, 0 otherwise; truncated at `maxSteps`.
 *
 * @example
 * const env = new GridWorld('GoToObj', { seed: 1 });
 * const { observation } = env.reset();      // observation.mission: "go to the red ball"
 * const r = env.step(ACTION.forward);       // { observation, reward, terminated, truncated, info }
 */
export class GridWorld {
  readonly level: Level;
  readonly options: Required<LevelOptions>;
  grid!: Grid;
  agentPos: [number, number] = [0, 0];
  agentDir = 0;
  carrying: WorldObject | null = null;
  mission!: Mission;
  missionText = '';
  maxSteps = 0;
  stepCount = 0;
  private rng: Rng;
  private ended = true;

  /** @throws ConfigError for an unknown level or bad options (every problem listed). */
  constructor(level: string | Level, options: GridWorldOptions = {}) {
    const { seed = 0, ...levelOptions } = options;
    const r = resolveLevel('GridWorld', level, levelOptions);
    this.level = r.level;
    this.options = r.options;
    if (!Number.isSafeInteger(seed)) throw new ConfigError(`GridWorld: 'seed' must be a safe integer, got ${seed}`);
    this.rng = new Rng(seed);
  }

  /** Starts an episode (a new layout from the seed stream, or from `seed` when given). */
  reset(seed?: number): { observation: Observation; info: StepInfo } {
    if (seed !== undefined) {
      if (!Number.isSafeInteger(seed)) throw new ConfigError(`GridWorld.reset: 'seed' must be a safe integer, got ${seed}`);
      this.rng = new Rng(seed);
    }
    const layout = this.level.generate(this.rng.child(this.rng.uint32()), this.options);
    this.grid = layout.grid;
    this.agentPos = layout.agentPos;
    this.agentDir = layout.agentDir;
    this.mission = layout.mission;
    this.maxSteps = layout.maxSteps;
    this.carrying = null;
    this.stepCount = 0;
    this.missionText = missionText(this.mission, this.grid);
    this.ended = false;
    return { observation: this.observe(), info: { success: false, stepCount: 0 } };
  }

  /** The cell in front of the agent. */
  get frontPos(): [number, number] {
    const [dx, dy] = DIR_TO_VEC[this.agentDir]!;
    return [this.agentPos[0] + dx, this.agentPos[1] + dy];
  }

  private frontCell(): WorldObject | null {
    const [fx, fy] = this.frontPos;
    return this.grid.inside(fx, fy) ? this.grid.get(fx, fy) : null;
  }

  /**
   * Applies one action.
   * @throws ConfigError for an action that is not an integer in [0, 6], or a step before `reset()` / after the episode ended.
   */
  step(action: number): StepResult {
    if (!Number.isInteger(action) || action < 0 || action >= NUM_ACTIONS) {
      throw new ConfigError(`GridWorld.step: 'action' must be an integer in [0, ${NUM_ACTIONS - 1}], got ${action}`);
    }
    if (this.ended) throw new ConfigError(`GridWorld.step: the episode has ended (or never started): call reset() first`);
    this.stepCount++;
    let terminated = false;
    let success = false;
    const [fx, fy] = this.frontPos;
    const fwd = this.frontCell();
    const carryingBefore = this.carrying;
    switch (action) {
      case ACTION.left:
        this.agentDir = (this.agentDir + 3) % 4;
        break;
      case ACTION.right:
        this.agentDir = (this.agentDir + 1) % 4;
        break;
      case ACTION.forward:
        if (this.grid.inside(fx, fy) && (fwd === null || canOverlap(fwd))) this.agentPos = [fx, fy];
        if (fwd?.type === 'goal') {
          terminated = true;
          success = true;
        }
        if (fwd?.type === 'lava') terminated = true;
        break;
      case ACTION.pickup:
        if (fwd && canPickup(fwd) && this.carrying === null) {
          this.carrying = fwd;
          this.grid.set(fx, fy, null);
          fwd.pos = null;
        }
        break;
      case ACTION.drop:
        if (this.grid.inside(fx, fy) && fwd === null && this.carrying) {
          this.grid.set(fx, fy, this.carrying);
          this.carrying = null;
        }
        break;
      case ACTION.toggle:
        if (fwd?.type === 'door') {
          if (fwd.state === 'locked') {
            if (this.carrying?.type === 'key' && this.carrying.color === fwd.color) fwd.state = 'open';
          } else fwd.state = fwd.state === 'open' ? 'closed' : 'open';
        } else if (fwd?.type === 'box') {
          this.grid.set(fx, fy, fwd.contains ?? null);
          fwd.pos = null;
        }
        break;
      default: // done: nothing happens
        break;
    }
    if (!terminated && verifyMission(this.mission, { grid: this.grid, front: this.frontCell(), carrying: this.carrying, carryingBefore, action })) {
      terminated = true;
      success = true;
    }
    const reward = success ? 1 - (0.9 * this.stepCount) / this.maxSteps : 0;
    const truncated = !terminated && this.stepCount >= this.maxSteps;
    this.ended = terminated || truncated;
    return { observation: this.observe(), reward, terminated, truncated, info: { success, stepCount: this.stepCount } };
  }

  /** The current observation (MiniGrid `gen_obs`). */
  observe(): Observation {
    const image = new Uint8Array(VIEW_SIZE * VIEW_SIZE * CELL_CHANNELS);
    this.encodeView(image, 0);
    return { image, direction: this.agentDir, mission: this.missionText };
  }

  /**
   * Writes the egocentric view into `out` at `offset` (MiniGrid `gen_obs_grid` + `encode`): the
   * 7x7 window ahead of the agent, turned so the agent faces up, cells hidden by walls and closed
   * doors blanked, the agent's own cell showing the carried object.
   */
  encodeView(out: Uint8Array, offset: number): void {
    const s = VIEW_SIZE;
    const half = Math.floor(s / 2);
    const [ax, ay] = this.agentPos;
    const [topX, topY] =
      this.agentDir === 0 ? [ax, ay - half] : this.agentDir === 1 ? [ax - half, ay] : this.agentDir === 2 ? [ax - s + 1, ay - half] : [ax - half, ay - s + 1];
    let view = this.grid.slice(topX, topY, s, s);
    for (let i = 0; i < this.agentDir + 1; i++) view = view.rotateLeft();
    const visible = view.processVis(half, s - 1);
    view.setView(half, s - 1, this.carrying);
    view.encodeInto(out, offset, visible);
  }
}
