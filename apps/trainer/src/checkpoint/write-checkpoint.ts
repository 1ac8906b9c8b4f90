import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { fromTensors, writeSafetensorsFile } from '@rimjs/core';
import type { SequenceModel } from '@rimjs/rim';
import { adamState } from './adam.js';
import { CHECKPOINT_FILE, CHECKPOINT_FORMAT, type CheckpointMeta, type RunIdentity } from './checkpoint-format.js';
import { TRAINER_VERSION } from '../run/trainer-version.js';

/** What {@link writeCheckpoint} saves besides the tensors. */
export interface CheckpointState {
  step: number;
  elapsedSec: number;
  identity: RunIdentity;
}

/**
 * Writes `<dir>/checkpoint.safetensors`: the model's parameters as `model.<name>`, Adam's state
 * as `optimizer.*` (see `adamState`), and {@link CheckpointMeta} as string metadata (`format`,
 * `step`, `elapsedSec`, and `identity`, `rng`, `versions` as JSON). One file, written to a
 * temporary name and renamed by core's `writeSafetensorsFile`, so a kill at any moment leaves
 * the previous checkpoint or the new one, never a mix.
 *
 * @throws CheckpointError when the file cannot be written (the old one is kept).
 */
export async function writeCheckpoint(dir: string, model: SequenceModel, optimizer: tf.AdamOptimizer, state: CheckpointState): Promise<string> {
  const { tensors, owned } = await adamState(optimizer, model.params);
  try {
    const record: Record<string, tf.Tensor> = {};
    for (const [name, v] of model.params.entries()) record[`model.${name}`] = v;
    Object.assign(record, tensors);
    const meta: CheckpointMeta = {
      format: CHECKPOINT_FORMAT,
      step: state.step,
      elapsedSec: state.elapsedSec,
      identity: state.identity,
      rng: {
        seed: state.identity.seed,
        nextStep: state.step,
        data: 'task.batchAt(step, batchSize, seed)',
        dropout: "new Rng(seed).child('dropout').child(step).seed()",
      },
      versions: { trainer: TRAINER_VERSION, tfjs: tf.version_core, node: process.version, backend: tf.getBackend() },
    };
    const bytes = await fromTensors(record, {
      format: meta.format,
      step: String(meta.step),
      elapsedSec: String(meta.elapsedSec),
      identity: JSON.stringify(meta.identity),
      rng: JSON.stringify(meta.rng),
      versions: JSON.stringify(meta.versions),
    });
    const path = join(dir, CHECKPOINT_FILE);
    await writeSafetensorsFile(path, bytes);
    return path;
  } finally {
    tf.dispose(owned);
  }
}
