import { ConfigError, Rng } from '@rimjs/core';
import { CELL_CHANNELS, VIEW_SIZE } from './constants.js';
import { GridWorld } from './grid-world.js';
import type { Level, LevelOptions } from './levels.js';
import { MAX_MISSION_TOKENS, tokenizeMission } from './vocabulary.js';

/** A batch of observations, one row per environment. */
export interface VecObservation {
  /** `[numEnvs, 7, 7, 3]` codes; each environment's block is MiniGrid's `[x][y][channel]`. */
  image: Uint8Array;
  /** `[numEnvs]` directions. */
  direction: Int32Array;
  /** `[numEnvs]` mission texts. */
  mission: string[];
  /** `[numEnvs, MAX_MISSION_TOKENS]` mission token ids (0 = padding). */
  missionTokens: Int32Array;
}

/** One finished episode, reported in the step that ended it. */
export interface EpisodeRecord {
  env: number;
  return: number;
  length: number;
  success: boolean;
  mission: string;
}

/** Gymnasium's vector step, as an object of per-environment arrays. */
export interface VecStepResult {
  /** After an episode ends, that row is already the first observation of the next episode. */
  observation: VecObservation;
  reward: Float32Array;
  terminated: Uint8Array;
  truncated: Uint8Array;
  info: { success: Uint8Array; episodes: EpisodeRecord[] };
}

/** Options of a {@link VecGridEnv}. */
export interface VecGridEnvOptions extends LevelOptions {
  /** Number of environments. */
  numEnvs: number;
  /** Seed of the batch; environment `i` draws from `Rng(seed).child(i)`. Default 0. */
  seed?: number;
}

/**
 * `numEnvs` {@link GridWorld}s stepped together (Gymnasium's `SyncVectorEnv` with same-step
 * auto-reset: a row that ends is reset at once, its episode reported in `info.episodes`).
 *
 * @example
 * const envs = new VecGridEnv('GoToLocal', { numEnvs: 16, seed: 3, roomSize: 6, numDistractors: 3 });
 * const { observation } = envs.reset();               // observation.image: [16, 7, 7, 3]
 * const r = envs.step(new Int32Array(16).fill(2));   // everyone moves forward
 */
export class VecGridEnv {
  readonly envs: GridWorld[];
  readonly numEnvs: number;
  private readonly returns: Float64Array;

  /** @throws ConfigError for a bad level, options or `numEnvs`. */
  constructor(level: string | Level, options: VecGridEnvOptions) {
    const { numEnvs, seed = 0, ...levelOptions } = options;
    if (!Number.isInteger(numEnvs) || numEnvs < 1) throw new ConfigError(`VecGridEnvOptions.numEnvs: must be an integer in [1, ∞], got ${numEnvs}`);
    if (!Number.isSafeInteger(seed)) throw new ConfigError(`VecGridEnvOptions.seed: must be a safe integer, got ${seed}`);
    this.numEnvs = numEnvs;
    const rng = new Rng(seed);
    this.envs = Array.from({ length: numEnvs }, (_, i) => new GridWorld(level, { ...levelOptions, seed: rng.child(i).seed() }));
    this.returns = new Float64Array(numEnvs);
  }

  /** Resets every environment. */
  reset(): { observation: VecObservation; info: { success: Uint8Array } } {
    this.envs.forEach((e) => e.reset());
    this.returns.fill(0);
    return { observation: this.observe(), info: { success: new Uint8Array(this.numEnvs) } };
  }

  /**
   * Steps every environment with its action.
   * @param actions `[numEnvs]` integers in [0, 6]
   * @throws ConfigError for a wrong number of actions or a bad action (naming the environment).
   */
  step(actions: ArrayLike<number>): VecStepResult {
    if (actions.length !== this.numEnvs) throw new ConfigError(`VecGridEnv.step: 'actions' must have numEnvs = ${this.numEnvs} entries, got ${actions.length}`);
    const reward = new Float32Array(this.numEnvs);
    const terminated = new Uint8Array(this.numEnvs);
    const truncated = new Uint8Array(this.numEnvs);
    const success = new Uint8Array(this.numEnvs);
    const episodes: EpisodeRecord[] = [];
    for (let i = 0; i < this.numEnvs; i++) {
      const env = this.envs[i]!;
      const a = actions[i]!;
      if (!Number.isInteger(a) || a < 0 || a > 6) throw new ConfigError(`VecGridEnv.step: 'actions[${i}]' must be an integer in [0, 6], got ${a}`);
      const r = env.step(a);
      reward[i] = r.reward;
      terminated[i] = r.terminated ? 1 : 0;
      truncated[i] = r.truncated ? 1 : 0;
      success[i] = r.info.success ? 1 : 0;
      this.returns[i]! += r.reward;
      if (r.terminated || r.truncated) {
        episodes.push({ env: i, return: this.returns[i]!, length: r.info.stepCount, success: r.info.success, mission: env.missionText });
        this.returns[i] = 0;
        env.reset();
      }
    }
    return { observation: this.observe(), reward, terminated, truncated, info: { success, episodes } };
  }

  /** The current observations of every environment. */
  observe(): VecObservation {
    const cell = VIEW_SIZE * VIEW_SIZE * CELL_CHANNELS;
    const image = new Uint8Array(this.numEnvs * cell);
    const direction = new Int32Array(this.numEnvs);
    const missionTokens = new Int32Array(this.numEnvs * MAX_MISSION_TOKENS);
    const mission: string[] = [];
    this.envs.forEach((e, i) => {
      e.encodeView(image, i * cell);
      direction[i] = e.agentDir;
      mission.push(e.missionText);
      missionTokens.set(tokenizeMission(e.missionText), i * MAX_MISSION_TOKENS);
    });
    return { image, direction, mission, missionTokens };
  }
}
