import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs-core';
import { initBackend, type BackendName } from '@rimjs/core';
import type { SequenceModel, SequenceModelConfig } from '@rimjs/rim';
import type { MemoryCensus } from '../analysis/memory-census.js';
import { modelsWithCheckpoint, withCheckpointModel } from '../checkpoint/checkpoint-models.js';
import { writeReport } from '../report/write-report.js';
import { RUN_FILES, readRunConfig } from '../run/run-paths.js';
import { writeJson } from '@rimjs/runkit';
import { createTaskRunner } from '../tasks/create-task-runner.js';
import { tableKeys } from '../tasks/metric-keys.js';
import { comparisonTable } from './comparison-table.js';

/** `<run>/eval.json`, written by {@link evaluateRun}. */
export interface EvalFile {
  format: 'rimjs-trainer-eval/1';
  /** Examples per evaluation set. */
  size: number;
  backend: string;
  /**
   * Per model: the checkpoint's step, every metric in and out of distribution, and on copying,
   * for a model with active masks (a RIM), the {@link MemoryCensus} at every delay.
   */
  models: Record<string, { step: number; metrics: Record<string, number>; census?: MemoryCensus[] }>;
}

/** Options of {@link evaluateRun}. */
export interface EvaluateRunOptions {
  dir: string;
  /** Examples per set (default the run's `finalEvalSize`). */
  size?: number;
  /** Backend (default the run's). */
  backend?: BackendName;
  out?: NodeJS.WritableStream;
  createModel?: (config: SequenceModelConfig) => SequenceModel;
}

/**
 * `pnpm train eval <run>`: loads each model's checkpoint and evaluates it at every length of
 * the task, in and out of distribution (copying: the train and test delays and `oodDelays`,
 * e.g. T = 50, 100, 200, 500; adding: `oodLengths`; MNIST: 14, 16, 19, 24), prints the table
 * beside the paper's numbers, writes `eval.json` and refreshes `report.md`.
 *
 * @throws CheckpointError when no model has a checkpoint, or one is corrupt or foreign.
 */
export async function evaluateRun(options: EvaluateRunOptions): Promise<EvalFile> {
  const { dir } = options;
  const out = options.out ?? process.stdout;
  const run = readRunConfig(dir);
  const info = await initBackend(options.backend ?? run.train.backend);
  const size = options.size ?? run.train.finalEvalSize;
  const present = modelsWithCheckpoint(dir, run, 'evaluateRun');
  const result: EvalFile = { format: 'rimjs-trainer-eval/1', size, backend: info.name, models: {} };
  const task = createTaskRunner(run.task);
  try {
    for (const m of present) {
      await withCheckpointModel(dir, run, m, (model, step) => {
        out.write(`[${m.name}] evaluating the checkpoint of step ${step} on ${size} examples per set\n`);
        const forward = (x: tf.Tensor): { logits: tf.Tensor3D; masks: tf.Tensor3D | null } => model.forward(x, { training: false });
        const sets = { size, batch: run.train.evalBatch };
        const both = task.evaluateWithCensus?.(forward, sets); // one forward pass for the metrics and the census
        result.models[m.name] = { step, metrics: both?.metrics ?? task.evaluate((x) => forward(x).logits, { phase: 'ood', ...sets }) };
        if (both?.census) result.models[m.name]!.census = both.census;
      }, options.createModel);
    }
  } finally {
    task.dispose();
  }
  writeJson(join(dir, RUN_FILES.eval), result);
  const metrics = Object.fromEntries(Object.entries(result.models).map(([k, v]) => [k, v.metrics]));
  out.write(`\n${comparisonTable(run.task, tableKeys(run.task, 'ood'), metrics)}\n\n`);
  await writeReport(dir);
  out.write(`wrote ${join(dir, RUN_FILES.eval)} and ${join(dir, RUN_FILES.report)}\n`);
  return result;
}
