import type * as tf from '@tensorflow/tfjs-core';
import { ConfigCheck } from '@rimjs/core';

/** How the learning rate moves over a run: held, or a half cosine from `lr` down to 0. */
export const LR_SCHEDULES = ['constant', 'cosine'] as const;
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
}

/**
 * The learning rate of optimizer step `step` (0-based: the update that makes step `step + 1`).
 * Warm-up: `lr * (step + 1) / warmupSteps` for `step < warmupSteps`; then `constant` keeps `lr`
 * and `cosine` gives `lr * (1 + cos(pi * p)) / 2` with `p = (step - warmupSteps) / (steps - warmupSteps)`
 * (PyTorch's `CosineAnnealingLR` with `eta_min = 0`, stepped once per update). A pure function
 * of the step, so a resumed run takes the same rates as a straight one.
 *
 * @throws ConfigError naming every invalid field.
 * @example
 * learningRateAt({ lr: 1e-3, schedule: 'cosine', warmupSteps: 0, steps: 100 }, 50); // 5e-4
 */
export function learningRateAt(config: LrScheduleConfig, step: number): number {
  const { lr, schedule, warmupSteps, steps } = config;
  const c = new ConfigCheck('learningRateAt');
  c.require(typeof lr === 'number' && lr > 0 && Number.isFinite(lr), 'lr', () => `must be a number > 0, got ${JSON.stringify(lr)}`);
  c.oneOf('schedule', schedule, LR_SCHEDULES);
  c.positiveInt('steps', steps);
  c.integer('warmupSteps', warmupSteps, 0, Number.isInteger(steps) && steps > 0 ? steps - 1 : 0, 'steps - 1');
  c.integer('step', step, 0);
  c.throwIfAny();
  if (step < warmupSteps) return (lr * (step + 1)) / warmupSteps;
  if (schedule === 'constant') return lr;
  const p = Math.min(1, (step - warmupSteps) / (steps - warmupSteps));
  return (lr * (1 + Math.cos(Math.PI * p))) / 2;
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
