import type * as tf from '@tensorflow/tfjs-core';
import type { SafetensorsFile } from '@rimjs/core';
import { checkCheckpoint as checkRunCheckpoint, firstDifferentRate, loadCheckpoint as loadRunCheckpoint, readCheckpoint as readRunCheckpoint, type Checkpoint as RunCheckpoint, type LrScheduleConfig } from '@rimjs/runkit';
import type { SequenceModel } from '@rimjs/rim';
import { CHECKPOINT_FORMAT, type CheckpointMeta, type RunIdentity } from './checkpoint-format.js';

/** A trainer checkpoint read from disk and checked for format (not yet against a model). */
export interface Checkpoint {
  path: string;
  meta: CheckpointMeta;
  file: SafetensorsFile;
  /** runkit's view of the same file. */
  run: RunCheckpoint<RunIdentity>;
}

/**
 * Reads a trainer checkpoint (runkit's `readCheckpoint` with the trainer's format). Core's
 * safetensors reader rejects a truncated or corrupt file.
 *
 * @throws CheckpointError naming the path: missing or unreadable file, truncated or corrupt
 *   bytes, a `format` other than `rimjs-trainer-checkpoint/1`, a bad `step`, missing metadata.
 * @example
 * const ck = await readCheckpoint('runs/copying-small-x/rim/checkpoint.safetensors'); // ck.meta.step
 */
export async function readCheckpoint(path: string): Promise<Checkpoint> {
  const run = await readRunCheckpoint<RunIdentity>(path, CHECKPOINT_FORMAT);
  const meta: CheckpointMeta = {
    format: CHECKPOINT_FORMAT,
    step: run.step,
    elapsedSec: run.elapsedSec,
    identity: run.identity,
    rng: run.extra.rng as CheckpointMeta['rng'],
    versions: run.extra.versions as CheckpointMeta['versions'],
  };
  return { path, meta, file: run.file, run };
}

/** The schedule an identity trains with (constant runs carry none: any length gives their rates). */
function scheduleOf(identity: RunIdentity, steps: number): LrScheduleConfig {
  return identity.lrSchedule ? { lr: identity.lr, ...identity.lrSchedule } : { lr: identity.lr, schedule: 'constant', warmupSteps: 0, steps: Math.max(1, steps) };
}

/**
 * The identity a checkpoint is checked against: this run's, with the checkpoint's learning rate
 * and schedule where only those differ and both give the same rate at every step the checkpoint
 * holds (a constant run resumed into `wsd`'s decay, or to more steps); else this run's, so every
 * difference is named. The checkpoint written next carries this run's own identity.
 */
export function resumableIdentity(ck: Checkpoint, identity: RunIdentity): RunIdentity {
  const saved = ck.meta.identity;
  const { lr: _a, lrSchedule: _b, ...rest } = identity;
  const { lr: _c, lrSchedule: _d, ...savedRest } = saved;
  if (JSON.stringify(rest) !== JSON.stringify(savedRest)) return identity;
  if (saved.lr === identity.lr && JSON.stringify(saved.lrSchedule) === JSON.stringify(identity.lrSchedule)) return identity; // the same schedule: no rates to compare
  const step = ck.meta.step;
  if (firstDifferentRate(scheduleOf(saved, step), scheduleOf(identity, step), step) !== null) return identity;
  return { ...identity, lr: saved.lr, lrSchedule: saved.lrSchedule }; // an absent schedule stays absent in the comparison (undefined)
}

/**
 * Checks that a checkpoint belongs to this run (or to one whose learning rates agree on every
 * step it holds: {@link resumableIdentity}) and fits this model, touching nothing.
 * @throws CheckpointError listing every difference.
 */
export function checkCheckpoint(ck: Checkpoint, model: SequenceModel, identity: RunIdentity): void {
  checkRunCheckpoint(ck.run, model.params, resumableIdentity(ck, identity));
}

/**
 * Loads a checked checkpoint into the model and, when given, the optimizer.
 * @throws CheckpointError from {@link checkCheckpoint}; nothing is assigned then.
 */
export async function loadCheckpoint(ck: Checkpoint, model: SequenceModel, identity: RunIdentity, optimizer: tf.AdamOptimizer | null): Promise<void> {
  await loadRunCheckpoint(ck.run, model.params, resumableIdentity(ck, identity), optimizer);
}
