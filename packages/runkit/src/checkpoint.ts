import * as tf from '@tensorflow/tfjs-core';
import { CheckpointError, fromTensors, readSafetensorsFile, toTensors, writeSafetensorsFile, type Parameters, type RawTensor, type SafetensorsFile } from '@rimjs/core';
import { adamState, restoreAdamState } from './adam.js';

/** What {@link writeCheckpoint} saves. */
export interface CheckpointContent<I> {
  /** The file's `format` metadata, e.g. `'rimjs-sparse-checkpoint/1'`; {@link readCheckpoint} demands it back. */
  format: string;
  /** Optimizer steps done. */
  step: number;
  /** Training wall time up to this step, in seconds. */
  elapsedSec: number;
  /** What fixes the run's loss sequence (config, seed, ...): a checkpoint resumes only the same identity. */
  identity: I;
  /** More metadata, each value stored as JSON (e.g. `{ rng: {...}, versions: {...} }`). */
  extra?: Record<string, unknown>;
}

/** A checkpoint read from disk and checked for format (not yet against parameters). */
export interface Checkpoint<I = unknown> {
  path: string;
  format: string;
  step: number;
  elapsedSec: number;
  identity: I;
  /** The `extra` metadata, parsed back from JSON. */
  extra: Record<string, unknown>;
  file: SafetensorsFile;
}

const RESERVED = new Set(['format', 'step', 'elapsedSec', 'identity']);
const ADAM_SCALARS = ['optimizer.iterations', 'optimizer.accBeta1', 'optimizer.accBeta2'];
const dims = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

/**
 * Writes one safetensors checkpoint: every parameter as `model.<name>`, Adam's state as
 * `optimizer.*` when an optimizer is given (see {@link adamState}), and the metadata as strings
 * (`format`, `step`, `elapsedSec`, `identity` and each `extra` key as JSON). The file goes to a
 * temporary name and is renamed (core's `writeSafetensorsFile`), so a kill at any moment leaves
 * the previous checkpoint or the new one, never a mix.
 *
 * @throws CheckpointError when an `extra` key collides with a reserved one or the file cannot be
 *   written (the old one is kept).
 * @example
 * await writeCheckpoint('runs/x/model.safetensors', params, adam, { format: 'my-run/1', step, elapsedSec, identity });
 */
export async function writeCheckpoint<I>(path: string, params: Parameters, optimizer: tf.AdamOptimizer | null, content: CheckpointContent<I>): Promise<string> {
  const metadata: Record<string, string> = {
    format: content.format,
    step: String(content.step),
    elapsedSec: String(content.elapsedSec),
    identity: JSON.stringify(content.identity),
  };
  for (const [k, v] of Object.entries(content.extra ?? {})) {
    if (RESERVED.has(k)) throw new CheckpointError(`writeCheckpoint: extra metadata key '${k}' is reserved (${[...RESERVED].join(', ')})`);
    metadata[k] = JSON.stringify(v);
  }
  const { tensors, owned } = optimizer ? await adamState(optimizer, params) : { tensors: {}, owned: [] };
  try {
    const record: Record<string, tf.Tensor> = {};
    for (const [name, v] of params.entries()) record[`model.${name}`] = v;
    Object.assign(record, tensors);
    await writeSafetensorsFile(path, await fromTensors(record, metadata));
    return path;
  } finally {
    tf.dispose(owned);
  }
}

function parseJson(path: string, key: string, text: string | undefined): unknown {
  if (text === undefined) throw new CheckpointError(`readCheckpoint: ${path}: metadata has no '${key}'`);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CheckpointError(`readCheckpoint: ${path}: metadata '${key}' is not JSON (${(e as Error).message})`, { cause: e });
  }
}

/**
 * Reads a checkpoint written by {@link writeCheckpoint}. Core's safetensors reader rejects a
 * truncated, corrupt or hostile file; this adds the metadata checks.
 *
 * @throws CheckpointError naming the path: missing or unreadable file, corrupt bytes, a `format`
 *   other than `format`, a bad `step`, missing or non-JSON metadata.
 */
export async function readCheckpoint<I = unknown>(path: string, format: string): Promise<Checkpoint<I>> {
  const file = await readSafetensorsFile(path);
  const m = file.metadata;
  if (m.format !== format) throw new CheckpointError(`readCheckpoint: ${path}: metadata 'format' must be "${format}", got ${JSON.stringify(m.format ?? null)}`);
  const step = Number(m.step);
  if (!Number.isSafeInteger(step) || step < 0) throw new CheckpointError(`readCheckpoint: ${path}: metadata 'step' must be a non-negative integer, got ${JSON.stringify(m.step ?? null)}`);
  const elapsedSec = Number(m.elapsedSec ?? '0');
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(m)) if (!RESERVED.has(k)) extra[k] = parseJson(path, k, v);
  return { path, format, step, elapsedSec: Number.isFinite(elapsedSec) ? elapsedSec : 0, identity: parseJson(path, 'identity', m.identity) as I, extra, file };
}

/** The fields of two identities that differ, as `field: checkpoint X, run Y`. */
function identityDiff(saved: unknown, now: unknown): string[] {
  if (typeof saved !== 'object' || saved === null || typeof now !== 'object' || now === null) {
    return JSON.stringify(saved) === JSON.stringify(now) ? [] : [`identity: checkpoint ${JSON.stringify(saved)}, run ${JSON.stringify(now)}`];
  }
  const a = saved as Record<string, unknown>;
  const b = now as Record<string, unknown>;
  const out: string[] = [];
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = JSON.stringify(a[k]);
    const y = JSON.stringify(b[k]);
    if (x !== y) out.push(`${k}: checkpoint ${x}, run ${y}`);
  }
  return out;
}

/**
 * Checks that a checkpoint belongs to this run and fits these parameters, touching nothing: the
 * same identity (compared as JSON, field by field), every `model.<name>` present with the
 * parameter's shape and no other, Adam's moments shaped as their parameters.
 *
 * @throws CheckpointError listing every difference.
 */
export function checkCheckpoint<I>(ck: Checkpoint<I>, params: Parameters, identity: I): void {
  const diff = identityDiff(ck.identity, identity);
  if (diff.length > 0) throw new CheckpointError(`checkCheckpoint: ${ck.path} was written by a different run: ${diff.join('; ')}`);
  const problems: string[] = [];
  const shapes = new Map(params.entries().map(([n, v]) => [n, v.shape]));
  const tensors = ck.file.tensors;
  for (const [name, shape] of shapes) {
    const t = tensors.get(`model.${name}`);
    if (!t) problems.push(`missing 'model.${name}'`);
    else if (dims(t.shape) !== dims(shape)) problems.push(`'model.${name}' must be ${dims(shape)}, got ${dims(t.shape)}`);
  }
  let hasOptimizer = false;
  for (const [key, t] of tensors as Map<string, RawTensor>) {
    if (key.startsWith('model.')) {
      if (!shapes.has(key.slice(6))) problems.push(`unexpected '${key}'`);
    } else if (key.startsWith('optimizer.m.') || key.startsWith('optimizer.v.')) {
      hasOptimizer = true;
      const shape = shapes.get(key.slice(12));
      if (!shape) problems.push(`unexpected '${key}'`);
      else if (dims(t.shape) !== dims(shape)) problems.push(`'${key}' must be ${dims(shape)}, got ${dims(t.shape)}`);
    } else if (ADAM_SCALARS.includes(key)) {
      hasOptimizer = true;
      if (t.shape.length !== 0) problems.push(`'${key}' must be a scalar, got ${dims(t.shape)}`);
    } else {
      problems.push(`unexpected '${key}'`);
    }
  }
  if (hasOptimizer) for (const key of ADAM_SCALARS) if (!tensors.has(key)) problems.push(`missing '${key}'`);
  if (problems.length > 0) throw new CheckpointError(`checkCheckpoint: ${ck.path} does not fit the model: ${problems.join('; ')}`);
}

/**
 * Loads a checked checkpoint into the parameters and, when given, the optimizer.
 * @throws CheckpointError from {@link checkCheckpoint} (nothing is assigned then), or when an
 *   optimizer is given and the file has no optimizer state.
 */
export async function loadCheckpoint<I>(ck: Checkpoint<I>, params: Parameters, identity: I, optimizer: tf.AdamOptimizer | null): Promise<void> {
  checkCheckpoint(ck, params, identity);
  if (optimizer && !ck.file.tensors.has('optimizer.iterations')) throw new CheckpointError(`loadCheckpoint: ${ck.path} holds no optimizer state`);
  const all = toTensors(ck.file);
  try {
    const weights: Record<string, tf.Tensor> = {};
    const opt: Record<string, tf.Tensor> = {};
    for (const [k, t] of Object.entries(all)) {
      if (k.startsWith('model.')) weights[k.slice(6)] = t;
      else opt[k] = t;
    }
    params.load(weights);
    if (optimizer) await restoreAdamState(optimizer, params, opt);
  } finally {
    tf.dispose(Object.values(all));
  }
}
