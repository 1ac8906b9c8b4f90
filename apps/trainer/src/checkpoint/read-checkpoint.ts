import * as tf from '@tensorflow/tfjs-core';
import { CheckpointError, readSafetensorsFile, toTensors, type RawTensor, type SafetensorsFile } from '@rimjs/core';
import type { SequenceModel } from '@rimjs/rim';
import { restoreAdamState } from './adam.js';
import { CHECKPOINT_FORMAT, type CheckpointMeta, type RunIdentity } from './checkpoint-format.js';

/** A checkpoint read from disk and checked for format (not yet against a model). */
export interface Checkpoint {
  path: string;
  meta: CheckpointMeta;
  file: SafetensorsFile;
}

function parseJson<T>(path: string, key: string, text: string | undefined): T {
  if (text === undefined) throw new CheckpointError(`readCheckpoint: ${path}: metadata has no '${key}'`);
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new CheckpointError(`readCheckpoint: ${path}: metadata '${key}' is not JSON (${(e as Error).message})`, { cause: e });
  }
}

/**
 * Reads a trainer checkpoint. Core's safetensors reader rejects a truncated or corrupt file;
 * this adds the trainer's metadata checks.
 *
 * @throws CheckpointError naming the path: missing or unreadable file, truncated or corrupt
 *   bytes, a `format` other than `rimjs-trainer-checkpoint/1`, a bad `step`, missing metadata.
 * @example
 * const ck = await readCheckpoint('runs/copying-small-x/rim/checkpoint.safetensors'); // ck.meta.step
 */
export async function readCheckpoint(path: string): Promise<Checkpoint> {
  const file = await readSafetensorsFile(path);
  const m = file.metadata;
  if (m.format !== CHECKPOINT_FORMAT) {
    throw new CheckpointError(`readCheckpoint: ${path}: metadata 'format' must be "${CHECKPOINT_FORMAT}", got ${JSON.stringify(m.format ?? null)}`);
  }
  const step = Number(m.step);
  if (!Number.isSafeInteger(step) || step < 0) throw new CheckpointError(`readCheckpoint: ${path}: metadata 'step' must be a non-negative integer, got ${JSON.stringify(m.step ?? null)}`);
  const elapsedSec = Number(m.elapsedSec ?? '0');
  const meta: CheckpointMeta = {
    format: CHECKPOINT_FORMAT,
    step,
    elapsedSec: Number.isFinite(elapsedSec) ? elapsedSec : 0,
    identity: parseJson(path, 'identity', m.identity),
    rng: parseJson(path, 'rng', m.rng),
    versions: parseJson(path, 'versions', m.versions),
  };
  return { path, meta, file };
}

/** The fields of two identities that differ, as `field: checkpoint X, run Y`. */
function identityDiff(saved: RunIdentity, now: RunIdentity): string[] {
  const keys = new Set([...Object.keys(saved), ...Object.keys(now)]) as Set<keyof RunIdentity>;
  const out: string[] = [];
  for (const k of keys) {
    const a = JSON.stringify(saved[k]);
    const b = JSON.stringify(now[k]);
    if (a !== b) out.push(`${k}: checkpoint ${a}, run ${b}`);
  }
  return out;
}

const dims = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

/**
 * Checks that a checkpoint belongs to this run and fits this model, touching nothing: the same
 * {@link RunIdentity}, every `model.<name>` present with the parameter's shape and no other,
 * and Adam's moments shaped as their parameters.
 *
 * @throws CheckpointError listing every difference.
 */
export function checkCheckpoint(ck: Checkpoint, model: SequenceModel, identity: RunIdentity): void {
  const diff = identityDiff(ck.meta.identity, identity);
  if (diff.length > 0) throw new CheckpointError(`checkCheckpoint: ${ck.path} was written by a different run: ${diff.join('; ')}`);
  const problems: string[] = [];
  const params = new Map(model.params.entries().map(([n, v]) => [n, v.shape]));
  const tensors = ck.file.tensors;
  for (const [name, shape] of params) {
    const t = tensors.get(`model.${name}`);
    if (!t) problems.push(`missing 'model.${name}'`);
    else if (dims(t.shape) !== dims(shape)) problems.push(`'model.${name}' must be ${dims(shape)}, got ${dims(t.shape)}`);
  }
  for (const [key, t] of tensors as Map<string, RawTensor>) {
    if (key.startsWith('model.')) {
      if (!params.has(key.slice(6))) problems.push(`unexpected '${key}'`);
    } else if (key.startsWith('optimizer.m.') || key.startsWith('optimizer.v.')) {
      const shape = params.get(key.slice(12));
      if (!shape) problems.push(`unexpected '${key}'`);
      else if (dims(t.shape) !== dims(shape)) problems.push(`'${key}' must be ${dims(shape)}, got ${dims(t.shape)}`);
    } else if (['optimizer.iterations', 'optimizer.accBeta1', 'optimizer.accBeta2'].includes(key)) {
      if (t.shape.length !== 0) problems.push(`'${key}' must be a scalar, got ${dims(t.shape)}`);
    } else {
      problems.push(`unexpected '${key}'`);
    }
  }
  for (const key of ['optimizer.iterations', 'optimizer.accBeta1', 'optimizer.accBeta2']) if (!tensors.has(key)) problems.push(`missing '${key}'`);
  if (problems.length > 0) throw new CheckpointError(`checkCheckpoint: ${ck.path} does not fit the model: ${problems.join('; ')}`);
}

/**
 * Loads a checked checkpoint into the model and, when given, the optimizer.
 * @throws CheckpointError from {@link checkCheckpoint}; nothing is assigned then.
 */
export async function loadCheckpoint(ck: Checkpoint, model: SequenceModel, identity: RunIdentity, optimizer: tf.AdamOptimizer | null): Promise<void> {
  checkCheckpoint(ck, model, identity);
  const all = toTensors(ck.file);
  try {
    const weights: Record<string, tf.Tensor> = {};
    const opt: Record<string, tf.Tensor> = {};
    for (const [k, t] of Object.entries(all)) {
      if (k.startsWith('model.')) weights[k.slice(6)] = t;
      else opt[k] = t;
    }
    model.params.load(weights);
    if (optimizer) await restoreAdamState(optimizer, model.params, opt);
  } finally {
    tf.dispose(Object.values(all));
  }
}
