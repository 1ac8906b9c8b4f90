import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CheckpointError } from '@rimjs/core';
import { createSequenceModel, type SequenceModel, type SequenceModelConfig } from '@rimjs/rim';
import type { ModelRun, RunConfig } from '../presets/preset-types.js';
import { identityOf } from '../run/identity.js';
import { CHECKPOINT_FILE } from './checkpoint-format.js';
import { loadCheckpoint, readCheckpoint } from './read-checkpoint.js';

/**
 * The models of `run` that have a checkpoint in `dir`, in the run's order.
 * @throws CheckpointError naming `caller` and the files looked for when none has one.
 */
export function modelsWithCheckpoint(dir: string, run: RunConfig, caller: string): ModelRun[] {
  const present = run.models.filter((m) => existsSync(join(dir, m.name, CHECKPOINT_FILE)));
  if (present.length === 0) throw new CheckpointError(`${caller}: ${dir} has no checkpoint (${run.models.map((m) => `${m.name}/${CHECKPOINT_FILE}`).join(', ')})`);
  return present;
}

/**
 * Builds model `m` of `run` (with `create`, default `createSequenceModel`), loads its checkpoint
 * from `dir` (no optimizer), calls `use(model, step)` and disposes the model, also when `use`
 * throws.
 * @throws CheckpointError when the checkpoint is corrupt or foreign.
 */
export async function withCheckpointModel<T>(
  dir: string,
  run: RunConfig,
  m: ModelRun,
  use: (model: SequenceModel, step: number) => T | Promise<T>,
  create: (config: SequenceModelConfig) => SequenceModel = createSequenceModel,
): Promise<T> {
  const ck = await readCheckpoint(join(dir, m.name, CHECKPOINT_FILE));
  const model = create(m.config);
  try {
    await loadCheckpoint(ck, model, identityOf(run, m), null);
    return await use(model, ck.meta.step);
  } finally {
    model.dispose();
  }
}
