import type { RunIdentity } from '../checkpoint/checkpoint-format.js';
import type { ModelRun, RunConfig } from '../presets/preset-types.js';

/** The {@link RunIdentity} of one model of a run. */
export function identityOf(run: RunConfig, model: ModelRun): RunIdentity {
  const { batchSize, lr, clip, seed } = run.train;
  return { preset: run.preset, model: model.name, task: run.task, config: model.config, batchSize, lr, clip, seed };
}
