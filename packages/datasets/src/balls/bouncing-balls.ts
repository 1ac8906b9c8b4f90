import type * as tf from '@tensorflow/tfjs-core';
import { ConfigCheck, assertKnownKeys, type Rng } from '@rimjs/core';
import type { HostBatch, TensorSpec } from '../dataset.js';
import { GeneratedDataset } from '../generated-dataset.js';
import { renderBalls, type BallRender } from './render-balls.js';
import { simulateBalls, type BallTrajectory } from './simulate-balls.js';

/** A vertical band of the frame hidden in the inputs: columns `[round(from * side), round(to * side))`. */
export interface Curtain {
  /** Left edge as a fraction of the width, in [0, 1]. */
  readonly from: number;
  /** Right edge as a fraction of the width, in [from, 1]. */
  readonly to: number;
}

/** Configuration of {@link BouncingBalls}; every field is optional. Lengths are in box widths. */
export interface BouncingBallsConfig {
  /** Frame side in pixels; frames are `side * side`. Default 64. */
  readonly side?: number;
  /** Input frames per sequence (the simulation runs `frames + 1`, for the next-frame targets). Default 50. */
  readonly frames?: number;
  /** Balls per sequence: a count, or a list drawn from uniformly per sequence (`[6, 7, 8]`). Default 4. */
  readonly balls?: number | readonly number[];
  /** Ball radius, or `[min, max]` drawn uniformly per ball. Default 0.12 (1.2 in a box of 10, as Sutskever et al. 2009). */
  readonly radius?: number | readonly [number, number];
  /** Ball mass, or `'area'` for `r^2` (so larger balls are heavier). Default 1. */
  readonly mass?: number | 'area';
  /** `[min, max]` initial speed in box widths per frame. Default `[0.02, 0.04]`. */
  readonly speed?: readonly [number, number];
  /** Simulation sub-steps per frame. Default 8. */
  readonly substeps?: number;
  /** `binary` (default) or `grey` frames, see {@link renderBalls}. */
  readonly render?: BallRender;
  /** A band hidden (set to 0) in the input frames, not in the targets. Default `null` (none). */
  readonly curtain?: Curtain | null;
  /** Sequences per epoch of `batches()`. Default 50000. */
  readonly size?: number;
  /** Sequences of `evaluationSet()` when no size is given. Default 64 (about 100 MB at side 64). */
  readonly evaluationSize?: number;
}

/** {@link BouncingBallsConfig} with every default filled in. */
export type ResolvedBouncingBallsConfig = Required<BouncingBallsConfig>;

/** The defaults of {@link BouncingBallsConfig}, in one place. */
export const BOUNCING_BALLS_DEFAULTS: ResolvedBouncingBallsConfig = {
  side: 64,
  frames: 50,
  balls: 4,
  radius: 0.12,
  mass: 1,
  speed: [0.02, 0.04],
  substeps: 8,
  render: 'binary',
  curtain: null,
  size: 50_000,
  evaluationSize: 64,
};

/** A bouncing-balls batch as tensors, both `[time, batch, side * side]` float32 in [0, 1]. */
export type BouncingBallsBatch = {
  /** `[time, batch, side * side]`: frames `0 .. time - 1`, curtain band zeroed. */
  readonly frames: tf.Tensor3D;
  /** `[time, batch, side * side]`: the next frames `1 .. time`, never curtained. */
  readonly targets: tf.Tensor3D;
};

/**
 * Bouncing balls (RIMs paper, section 4; the R-NEM variants): a seeded physics simulation
 * ({@link simulateBalls}) rendered to frames ({@link renderBalls}), the task being next-frame
 * prediction. Dimensions: `time = frames` (50), `batch`, `pixels = side * side`, row-major.
 *
 * Sequence `b` of a batch drawn from `rng` uses `rng.child(b)`: the ball count (from `balls`),
 * then the radii, then the simulation. Frame `t` of the simulation is `frames[t]` (curtained) and
 * `targets[t - 1]`.
 *
 * @example
 * const train = new BouncingBalls({ balls: 4, side: 32 });
 * const test = new BouncingBalls({ balls: [6, 7, 8], side: 32 });
 * const { frames, targets } = train.batchAt(0, 8, 1); // Float32Array [50 * 8 * 1024] each
 * @throws ConfigError (constructor) naming every invalid field.
 */
export class BouncingBalls extends GeneratedDataset<'frames' | 'targets', BouncingBallsBatch> {
  readonly config: ResolvedBouncingBallsConfig;
  readonly name: string;
  readonly size: number;
  readonly evaluationSize: number;
  readonly shapes: { readonly frames: TensorSpec; readonly targets: TensorSpec };
  /** Hidden columns `[c0, c1)` of the curtain, or `null`. */
  readonly curtainColumns: readonly [number, number] | null;
  private readonly counts: readonly number[];

  constructor(config: BouncingBallsConfig = {}, name?: string) {
    super();
    assertKnownKeys('BouncingBallsConfig', config, Object.keys(BOUNCING_BALLS_DEFAULTS));
    const cfg = { ...BOUNCING_BALLS_DEFAULTS, ...config };
    const counts = typeof cfg.balls === 'number' ? [cfg.balls] : [...cfg.balls];
    const c = new ConfigCheck('BouncingBallsConfig');
    c.integer('side', cfg.side, 1, 1024);
    c.positiveInt('frames', cfg.frames);
    c.require(counts.length > 0 && counts.every((k) => Number.isInteger(k) && k >= 1 && k <= 64), 'balls', () =>
      `must be an integer in [1, 64] or a non-empty list of them, got ${JSON.stringify(cfg.balls)}`,
    );
    const radius = typeof cfg.radius === 'number' ? [cfg.radius, cfg.radius] : cfg.radius;
    c.require(Array.isArray(radius) && radius.length === 2 && radius[0]! > 0 && radius[1]! >= radius[0]! && radius[1]! < 0.5, 'radius', () =>
      `must be a number in (0, 0.5) or [min, max] with 0 < min <= max < 0.5, got ${JSON.stringify(cfg.radius)}`,
    );
    c.require(cfg.mass === 'area' || (typeof cfg.mass === 'number' && cfg.mass > 0 && Number.isFinite(cfg.mass)), 'mass', () =>
      `must be a positive number or 'area', got ${JSON.stringify(cfg.mass)}`,
    );
    c.require(Array.isArray(cfg.speed) && cfg.speed.length === 2 && cfg.speed[0] >= 0 && cfg.speed[1] >= cfg.speed[0] && cfg.speed[1] < 0.5, 'speed', () =>
      `must be [min, max] with 0 <= min <= max < 0.5, got ${JSON.stringify(cfg.speed)}`,
    );
    c.positiveInt('substeps', cfg.substeps);
    c.oneOf('render', cfg.render, ['binary', 'grey']);
    c.require(cfg.curtain === null || (cfg.curtain.from >= 0 && cfg.curtain.to >= cfg.curtain.from && cfg.curtain.to <= 1), 'curtain', () =>
      `must be null or { from, to } with 0 <= from <= to <= 1, got ${JSON.stringify(cfg.curtain)}`,
    );
    c.positiveInt('size', cfg.size);
    c.positiveInt('evaluationSize', cfg.evaluationSize);
    c.throwIfAny();
    this.config = cfg;
    this.counts = counts;
    this.size = cfg.size;
    this.evaluationSize = cfg.evaluationSize;
    this.curtainColumns = cfg.curtain ? [Math.round(cfg.curtain.from * cfg.side), Math.round(cfg.curtain.to * cfg.side)] : null;
    this.name = name ?? `balls${counts.join('')}${cfg.curtain ? '-curtain' : ''}-${cfg.side}`;
    const dims = [['time', cfg.frames], ['batch', null], ['pixels', cfg.side * cfg.side]] as const;
    this.shapes = { frames: { dims, dtype: 'float32' }, targets: { dims, dtype: 'float32' } };
  }

  /** The trajectory of one sequence drawn from `rng` (what `generate` renders): `frames + 1` frames. */
  trajectory(rng: Rng): BallTrajectory {
    const { radius, mass, frames, substeps, speed } = this.config;
    const count = this.counts[rng.int(this.counts.length)]!;
    const [lo, hi] = typeof radius === 'number' ? [radius, radius] : radius;
    const radii = Array.from({ length: count }, () => (lo === hi ? lo : rng.uniform(lo, hi)));
    const masses = radii.map((r) => (mass === 'area' ? r * r : mass));
    return simulateBalls({ radii, masses, frames: frames + 1, substeps, speed }, rng);
  }

  protected generate(rng: Rng, batch: number): HostBatch<'frames' | 'targets'> {
    const { side, frames: time, render } = this.config;
    const px = side * side;
    const frames = new Float32Array(time * batch * px); // [time, batch, pixels]
    const targets = new Float32Array(time * batch * px); // [time, batch, pixels]
    const frame = new Float32Array(px); // [side, side]
    for (let b = 0; b < batch; b++) {
      const traj = this.trajectory(rng.child(b));
      for (let t = 0; t <= time; t++) {
        renderBalls(traj.positions.subarray(t * 2 * traj.count, (t + 1) * 2 * traj.count), traj.radii, side, render, frame);
        if (t > 0) targets.set(frame, ((t - 1) * batch + b) * px);
        if (t < time) {
          if (this.curtainColumns) {
            const [c0, c1] = this.curtainColumns;
            for (let i = 0; i < side; i++) frame.fill(0, i * side + c0, i * side + c1);
          }
          frames.set(frame, (t * batch + b) * px);
        }
      }
    }
    const shape = [time, batch, px];
    return { frames: { data: frames, shape, dtype: 'float32' }, targets: { data: targets, shape, dtype: 'float32' } };
  }
}
