import { ConfigCheck, assertKnownKeys } from '@rimjs/core';

/**
 * The pruning threshold schedule of Narang et al. (ESR, reused by BSR), in iterations.
 * Every field except `startItr`, `rampItr`, `endItr` has a default ({@link SCHEDULE_DEFAULTS}).
 */
export interface ScheduleConfig {
  /** First iteration that prunes. */
  readonly startItr: number;
  /** Iteration where the slope changes from `theta` to `rampSlopeMult * theta`. */
  readonly rampItr: number;
  /** First iteration that no longer prunes; the masks are frozen from here on. */
  readonly endItr: number;
  /** Prune every `freq` iterations (default 100). */
  readonly freq?: number;
  /** `phi / theta` (default 1.5, which ends the ramp at `q`; distiller uses 2). */
  readonly rampSlopeMult?: number;
}

/** A {@link ScheduleConfig} with its defaults filled in. */
export type ResolvedSchedule = Required<ScheduleConfig>;

/** The defaults of {@link ScheduleConfig}, in one place. */
export const SCHEDULE_DEFAULTS = { freq: 100, rampSlopeMult: 1.5 } as const;

/**
 * Resolves defaults and validates, collecting every problem.
 * @throws ConfigError listing each bad field (`ScheduleConfig.rampItr: ...`).
 */
export function resolveSchedule(config: ScheduleConfig): ResolvedSchedule {
  assertKnownKeys('ScheduleConfig', config, ['startItr', 'rampItr', 'endItr', 'freq', 'rampSlopeMult']);
  const r: ResolvedSchedule = { ...SCHEDULE_DEFAULTS, ...config };
  const c = new ConfigCheck('ScheduleConfig');
  c.integer('startItr', r.startItr, 0);
  c.integer('rampItr', r.rampItr, typeof r.startItr === 'number' ? r.startItr : 0);
  c.integer('endItr', r.endItr, (typeof r.rampItr === 'number' ? r.rampItr : 0) + 1);
  c.positiveInt('freq', r.freq);
  c.number('rampSlopeMult', r.rampSlopeMult, 0);
  c.throwIfAny();
  return r;
}

/**
 * The start slope `theta = 2 q freq / (2 (rampItr - startItr) + 3 (endItr - rampItr))`.
 * With `phi = 1.5 theta` the threshold reaches about `q` at `endItr`.
 */
export function startSlope(s: ResolvedSchedule, q: number): number {
  return (2 * q * s.freq) / (2 * (s.rampItr - s.startItr) + 3 * (s.endItr - s.rampItr));
}

/** Whether iteration `t` recomputes the threshold and prunes: `startItr <= t < endItr` and `t % freq == 0`. */
export function isPruneStep(s: ResolvedSchedule, t: number): boolean {
  return t >= s.startItr && t < s.endItr && t % s.freq === 0;
}

/**
 * The threshold at iteration `t` (0 before `startItr`; the pruner evaluates it only at the
 * steps {@link isPruneStep} accepts):
 *
 * ```
 * t < rampItr:  eps = theta (t - startItr + 1) / freq
 * t >= rampItr: eps = (theta (rampItr - startItr + 1) + phi (t - rampItr + 1)) / freq
 * ```
 * @param q the threshold scale (the paper: the 90th percentile of |w| of a trained model)
 * @param scale multiplies the result (BSR: `N_b^(1/4)` for blocks of `N_b` elements)
 */
export function thresholdAt(s: ResolvedSchedule, t: number, q: number, scale = 1): number {
  if (t < s.startItr) return 0;
  const u = t;
  const theta = startSlope(s, q);
  const phi = s.rampSlopeMult * theta;
  const eps = u < s.rampItr ? (theta * (u - s.startItr + 1)) / s.freq : (theta * (s.rampItr - s.startItr + 1) + phi * (u - s.rampItr + 1)) / s.freq;
  return eps * scale;
}
