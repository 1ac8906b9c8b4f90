import type * as tf from '@tensorflow/tfjs-core';
import { ConfigCheck } from '@rimjs/core';

/**
 * How the learning rate moves over a run: held (`constant`), a half cosine from `lr` down to 0
 * (`cosine`), or held and then brought down linearly over the last `decaySteps` (`wsd`: warm-up,
 * stable, decay).
 */
export const LR_SCHEDULES = ['constant', 'cosine', 'wsd'] as const;
export type LrSchedule = (typeof LR_SCHEDULES)[number];

/** A learning-rate schedule over a run of `steps` optimizer steps. */
export interface LrScheduleConfig {
  /** The peak (and, for `constant`, the only) learning rate. */
  readonly lr: number;
  readonly schedule: LrSchedule;
  /** Steps of linear warm-up from `lr / warmupSteps` to `lr` (0: none). */
  readonly warmupSteps: number;
  /** The run's length: `cosine` reaches 0 after this many steps. */
  readonly steps: number;
  /** `wsd` only (1 to `steps - warmupSteps`): the last steps, over which the rate falls linearly from `lr` towards 0. */
  readonly decaySteps?: number;
}

/**
 * The learning rate of optimizer step `step` (0-based: the update that makes step `step + 1`).
 * Warm-up: `lr * (step + 1) / warmupSteps` for `step < warmupSteps`; then `constant` keeps `lr`
 * and `cosine` gives `lr * (1 + cos(pi * p)) / 2` with `p = (step - warmupSteps) / (steps - warmupSteps)`
 * (PyTorch's `CosineAnnealingLR` with `eta_min = 0`, stepped once per update); `wsd` keeps `lr`
 * until the last `decaySteps` steps and then gives `lr * (steps - step) / decaySteps` (from `lr`
 * at `steps - decaySteps` to `lr / decaySteps` at the last update), so its rates before the decay
 * are the constant schedule's and a constant run can be resumed into it. A pure function of the
 * step, so a resumed run takes the same rates as a straight one.
 *
 * @throws ConfigError naming every invalid field.
 * @example
 * learningRateAt({ lr: 1e-3, schedule: 'cosine', warmupSteps: 0, steps: 100 }, 50); // 5e-4
 */
export function learningRateAt(config: LrScheduleConfig, step: number): number {
  const { lr, schedule, warmupSteps, steps, decaySteps } = config;
  const c = new ConfigCheck('learningRateAt');
  c.require(typeof lr === 'number' && lr > 0 && Number.isFinite(lr), 'lr', () => `must be a number > 0, got ${JSON.stringify(lr)}`);
  c.oneOf('schedule', schedule, LR_SCHEDULES);
  c.positiveInt('steps', steps);
  c.integer('warmupSteps', warmupSteps, 0, Number.isInteger(steps) && steps > 0 ? steps - 1 : 0, 'steps - 1');
  c.integer('step', step, 0);
  if (schedule === 'wsd') {
    const room = Number.isInteger(steps) && Number.isInteger(warmupSteps) ? steps - warmupSteps : 1;
    c.integer('decaySteps', decaySteps, 1, Math.max(1, room), 'steps - warmupSteps');
  } else {
    c.require(decaySteps === undefined || decaySteps === 0, 'decaySteps', () => `applies to the wsd schedule only; the ${String(schedule)} schedule takes 0 or none, got ${JSON.stringify(decaySteps)}`);
  }
  c.throwIfAny();
  if (step < warmupSteps) return (lr * (step + 1)) / warmupSteps;
  if (schedule === 'constant') return lr;
  if (schedule === 'wsd') {
    const decay = decaySteps ?? 1; // checked above: an integer in [1, steps - warmupSteps]
    return step < steps - decay ? lr : (lr * Math.max(0, steps - step)) / decay;
  }
  const p = Math.min(1, (step - warmupSteps) / (steps - warmupSteps));
  return (lr * (1 + Math.cos(Math.PI * p))) / 2;
}

/**
 * The first update `step < steps` whose rate differs between two schedules, or null when they
 * agree on every one: whether a run trained to `steps` under `a` may go on under `b` (a resume
 * that changes the schedule changes no update already made).
 *
 * @throws ConfigError from {@link learningRateAt} for an invalid schedule.
 * @example
 * firstDifferentRate({ lr: 3e-3, schedule: 'constant', warmupSteps: 0, steps: 8000 }, { lr: 3e-3, schedule: 'wsd', warmupSteps: 0, steps: 9000, decaySteps: 1000 }, 8000); // null
 */
export function firstDifferentRate(a: LrScheduleConfig, b: LrScheduleConfig, steps: number): number | null {
  for (let step = 0; step < steps; step++) if (learningRateAt(a, step) !== learningRateAt(b, step)) return step;
  return null;
}

/**
 * Sets the learning rate a tfjs optimizer uses from its next `applyGradients` on (tfjs reads its
 * `learningRate` field at every update; Adam's moments and step count are untouched).
 *
 * @throws TypeError when the optimizer has no numeric `learningRate` (another tfjs version).
 */
export function setLearningRate(optimizer: tf.Optimizer, lr: number): void {
  const o = optimizer as unknown as { learningRate?: unknown };
  if (typeof o.learningRate !== 'number') {
    throw new TypeError(`setLearningRate: this ${optimizer.getClassName()} has no numeric learningRate field (tfjs-core 4.x keeps one); got ${typeof o.learningRate}`);
  }
  o.learningRate = lr;
}
