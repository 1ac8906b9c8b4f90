import * as tf from '@tensorflow/tfjs-core';
import { CheckpointError, fromTensors, parseSafetensors, toTensors } from '@rimjs/core';
import type { TaskRun } from './task-run.js';

/** The `format` metadata of a playground weights file. */
export const WEIGHTS_FORMAT = 'rimjs-playground-weights/1';

/** Largest weights file the page reads: the playground's models are far smaller. */
export const MAX_WEIGHTS_BYTES = 64 * 1024 * 1024;

/**
 * A model's weights as a safetensors file: every parameter by its name, metadata `format`,
 * `task` (copying | balls), `model` (rim | lstm), `config` (the playground config, JSON), `steps`.
 */
export async function encodeWeights(run: TaskRun): Promise<Uint8Array> {
  return fromTensors(run.params.toRecord(), {
    format: WEIGHTS_FORMAT,
    task: run.task,
    model: run.kind,
    config: JSON.stringify(run.config),
    steps: String(run.steps),
  });
}

/**
 * Loads a weights file into a run, or refuses it with one clear sentence and changes nothing:
 * too large, not safetensors or hostile (core's parser: header bounds, offsets, dtypes), another
 * format (a foreign file), another task or model kind, or names and shapes that do not fit.
 *
 * @param name the file's name, for messages
 * @returns the steps the file's model had trained
 * @throws CheckpointError naming the file and what is wrong.
 */
export function loadWeights(run: TaskRun, bytes: Uint8Array, name: string): number {
  if (bytes.byteLength > MAX_WEIGHTS_BYTES) {
    throw new CheckpointError(`${name}: ${bytes.byteLength} bytes is larger than a playground weights file can be (${MAX_WEIGHTS_BYTES})`);
  }
  const file = parseSafetensors(bytes, { source: name });
  const m = file.metadata;
  if (m.format !== WEIGHTS_FORMAT) {
    throw new CheckpointError(`${name}: not a playground weights file (metadata 'format' must be "${WEIGHTS_FORMAT}", got ${JSON.stringify(m.format ?? null)})`);
  }
  if (m.task !== run.task) throw new CheckpointError(`${name}: holds a model of the ${String(m.task)} task, this page trains ${run.task}`);
  if (m.model !== run.kind) throw new CheckpointError(`${name}: holds a ${String(m.model)} model, this panel is the ${run.kind}`);
  const all = toTensors(file);
  try {
    run.params.load(all); // CheckpointError naming missing, unexpected or mis-shaped tensors; assigns nothing then
  } catch (e) {
    throw new CheckpointError(`${name}: does not fit this ${run.kind} (change units / hidden to those of the file: ${m.config ?? '?'}): ${(e as Error).message}`, { cause: e });
  } finally {
    tf.dispose(Object.values(all));
  }
  const steps = Number(m.steps);
  return Number.isSafeInteger(steps) && steps >= 0 ? steps : 0;
}
