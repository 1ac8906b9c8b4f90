import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { NumericError, fromTensors } from '@rimjs/core';
import { createAdam, loadCheckpoint, readCheckpoint, readJsonIfExists, writeCheckpoint, writeFileAtomic, writeJson, type Progress } from '@rimjs/runkit';
import { encodeBlockSparse, type SparsityRow } from '@rimjs/sparse';
import { recurrentStepTimes } from './inference-time.js';
import { SparseRnn } from './model.js';
import type { Preset, RunSpec } from './presets.js';
import type { Task } from './tasks.js';

export const CHECKPOINT_FORMAT = 'rimjs-sparse-experiments/1';

/** What one run (a model and seed) reports. */
export interface RunResult {
  preset: string;
  run: string;
  method: string;
  hidden: number;
  block: string;
  seed: number;
  steps: number;
  metric: string;
  value: number;
  /** Block sparsity over the pruned (recurrent) matrices. */
  recurrentSparsity: number;
  params: number;
  nonzeroParams: number;
  recurrentParams: number;
  recurrentNonzero: number;
  denseFileBytes: number;
  sparseFileBytes: number;
  /** Per-step recurrent matmuls, batch 1 and 32: dense tf.matMul vs bsrMatMul (ms). */
  inference: { batch: number; denseMs: number; sparseMs: number }[];
  trainSec: number;
  backend: string;
  layers: SparsityRow[];
  losses: { step: number; loss: number }[];
}

/**
 * Trains one model of a preset with one seed (resuming from its checkpoint when asked), then
 * evaluates it, writes its block-sparse file and times inference. Writes `result.json` last, so a
 * finished run is skipped on `--resume`.
 */
export async function trainRun(preset: Preset, spec: RunSpec, seed: number, task: Task, outDir: string, progress: Progress, resume: boolean, backend: string): Promise<RunResult> {
  const dir = join(outDir, preset.name, `${spec.id}-s${seed}`);
  mkdirSync(dir, { recursive: true });
  const resultPath = join(dir, 'result.json');
  const done = resume ? readJsonIfExists<RunResult>(resultPath) : null;
  if (done !== null) return done;
  const model = new SparseRnn(preset, spec, task.outputs, seed);
  const adam = createAdam(preset.lr);
  const identity = { preset: preset.name, run: spec, seed, steps: preset.steps, batch: preset.batch, seqLen: preset.seqLen, lr: preset.lr, schedule: preset.schedule, q: spec.q ?? preset.q };
  const ckPath = join(dir, 'checkpoint.safetensors');
  let start = 0;
  let elapsed = 0;
  let losses: { step: number; loss: number }[] = [];
  if (resume && existsSync(ckPath)) {
    const ck = await readCheckpoint(ckPath, CHECKPOINT_FORMAT);
    await loadCheckpoint(ck, model.params, identity, adam);
    model.pruner?.sync();
    start = ck.step;
    elapsed = ck.elapsedSec;
    losses = (ck.extra.losses as typeof losses) ?? [];
  }
  const vars = model.params.trainable();
  progress.start(`${preset.name}/${spec.id}/s${seed}`, start, preset.steps);
  let t0 = performance.now();
  for (let step = start; step < preset.steps; step++) {
    const lossFn = () => task.loss(model, step, seed);
    const loss = model.pruner ? model.pruner.minimize(adam, lossFn, step, vars) : adam.minimize(lossFn, true, vars)!;
    const value = (await loss.data())[0]!;
    loss.dispose();
    if (!Number.isFinite(value)) throw new NumericError(`${spec.id}: loss ${value} at step ${step}`);
    if (step % 10 === 0) losses.push({ step, loss: value });
    progress.tick(step + 1, value);
    if ((step + 1) % preset.checkpointEvery === 0 && step + 1 < preset.steps) {
      elapsed += (performance.now() - t0) / 1000;
      t0 = performance.now();
      await writeCheckpoint(ckPath, model.params, adam, { format: CHECKPOINT_FORMAT, step: step + 1, elapsedSec: elapsed, identity, extra: { losses } });
    }
  }
  elapsed += (performance.now() - t0) / 1000;
  progress.stop();
  if (spec.method === 'gl') model.pruner!.pruneAtFinalThreshold(); // group lasso alone: one-shot prune at the end
  const { metric, value } = task.evaluate(model);
  const modelTensors = model.modelTensors();
  const sparseBytes = await encodeBlockSparse(modelTensors, model.prunedBlocks(), { preset: preset.name, run: spec.id, seed: String(seed) });
  const denseBytes = await fromTensors(modelTensors);
  writeFileAtomic(join(dir, 'model.block-sparse.safetensors'), sparseBytes);
  const inference = [1, 32].map((batch) => ({ batch, ...recurrentStepTimes(sparseBytes, batch)! }));
  const layers = model.pruner?.report() ?? [];
  const counts = model.counts();
  const result: RunResult = {
    preset: preset.name,
    run: spec.id,
    method: spec.method,
    hidden: spec.hidden,
    block: spec.block ? `${spec.block[0]}x${spec.block[1]}` : '-',
    seed,
    steps: preset.steps,
    metric,
    value,
    recurrentSparsity: 1 - counts.recurrentNonzero / counts.recurrent,
    params: counts.params,
    nonzeroParams: counts.nonzero,
    recurrentParams: counts.recurrent,
    recurrentNonzero: counts.recurrentNonzero,
    denseFileBytes: denseBytes.length,
    sparseFileBytes: sparseBytes.length,
    inference,
    trainSec: elapsed,
    backend,
    layers,
    losses,
  };
  writeJson(resultPath, result);
  adam.dispose();
  model.dispose();
  return result;
}
