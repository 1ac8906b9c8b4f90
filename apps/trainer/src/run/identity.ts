import type { LrScheduleConfig } from '@rimjs/runkit';
import type { RunIdentity } from '../checkpoint/checkpoint-format.js';
import type { ModelRun, RunConfig } from '../presets/preset-types.js';

/** The learning-rate schedule of a run (run folders written before schedules existed: constant, no warm-up). */
export function lrScheduleOf(run: RunConfig): LrScheduleConfig {
  const { lr, steps, lrSchedule = 'constant', warmupSteps = 0, decaySteps } = run.train;
  return { lr, schedule: lrSchedule, warmupSteps, steps, ...(lrSchedule === 'wsd' ? { decaySteps } : {}) };
}

/** The {@link RunIdentity} of one model of a run. */
export function identityOf(run: RunConfig, model: ModelRun): RunIdentity {
  const { batchSize, lr, clip, seed, weightDecay = 0 } = run.train;
  const { lr: _lr, ...schedule } = lrScheduleOf(run); // { schedule, warmupSteps, steps } and a wsd's decaySteps
  const lrSchedule = schedule.schedule === 'constant' && schedule.warmupSteps === 0 ? {} : { lrSchedule: schedule };
  return { preset: run.preset, model: model.name, task: run.task, config: model.config, batchSize, lr, ...lrSchedule, clip, ...(weightDecay > 0 ? { weightDecay } : {}), seed };
}
