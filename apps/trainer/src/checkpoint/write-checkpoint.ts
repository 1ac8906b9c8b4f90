import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { writeCheckpoint as writeRunCheckpoint } from '@rimjs/runkit';
import type { SequenceModel } from '@rimjs/rim';
import { CHECKPOINT_FILE, CHECKPOINT_FORMAT, type CheckpointMeta, type RunIdentity } from './checkpoint-format.js';
import { TRAINER_VERSION } from '../run/trainer-version.js';

/** What {@link writeCheckpoint} saves besides the tensors. */
export interface CheckpointState {
  step: number;
  elapsedSec: number;
  identity: RunIdentity;
}

/**
 * Writes `<dir>/checkpoint.safetensors` with runkit's `writeCheckpoint`: the model's parameters
 * as `model.<name>`, Adam's state as `optimizer.*`, and {@link CheckpointMeta} as metadata
 * (`format`, `step`, `elapsedSec`, and `identity`, `rng`, `versions` as JSON). Written to a
 * temporary name and renamed, so a kill at any moment leaves the previous checkpoint or the new one.
 *
 * @throws CheckpointError when the file cannot be written (the old one is kept).
 */
export async function writeCheckpoint(dir: string, model: SequenceModel, optimizer: tf.AdamOptimizer, state: CheckpointState): Promise<string> {
  const rng: CheckpointMeta['rng'] = {
    seed: state.identity.seed,
    nextStep: state.step,
    data: 'task.batchAt(step, batchSize, seed)',
    dropout: "new Rng(seed).child('dropout').child(step).seed()",
  };
  const versions: CheckpointMeta['versions'] = { trainer: TRAINER_VERSION, tfjs: tf.version_core, node: process.version, backend: tf.getBackend() };
  return writeRunCheckpoint(join(dir, CHECKPOINT_FILE), model.params, optimizer, {
    format: CHECKPOINT_FORMAT,
    step: state.step,
    elapsedSec: state.elapsedSec,
    identity: state.identity,
    extra: { rng, versions },
  });
}
