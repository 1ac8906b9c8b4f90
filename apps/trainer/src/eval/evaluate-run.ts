import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs-core';
import { CheckpointError, initBackend, type BackendName } from '@rimjs/core';
import { createSequenceModel, type SequenceModel, type SequenceModelConfig } from '@rimjs/rim';
import type { MemoryCensus } from '../analysis/memory-census.js';
import { CHECKPOINT_FILE } from '../checkpoint/checkpoint-format.js';
import { loadCheckpoint, readCheckpoint } from '../checkpoint/read-checkpoint.js';
import { writeReport } from '../report/write-report.js';
import { identityOf } from '../run/identity.js';
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
  const present = run.models.filter((m) => existsSync(join(dir, m.name, CHECKPOINT_FILE)));
  if (present.length === 0) throw new CheckpointError(`evaluateRun: ${dir} has no checkpoint (${run.models.map((m) => `${m.name}/${CHECKPOINT_FILE}`).join(', ')})`);
  const result: EvalFile = { format: 'rimjs-trainer-eval/1', size, backend: info.name, models: {} };
  const task = createTaskRunner(run.task);
  try {
    for (const m of present) {
      const ck = await readCheckpoint(join(dir, m.name, CHECKPOINT_FILE));
      const model = (options.createModel ?? createSequenceModel)(m.config);
      try {
        await loadCheckpoint(ck, model, identityOf(run, m), null);
        out.write(`[${m.name}] evaluating the checkpoint of step ${ck.meta.step} on ${size} examples per set\n`);
        const forward = (x: tf.Tensor): { logits: tf.Tensor3D; masks: tf.Tensor3D | null } => model.forward(x, { training: false });
        const options = { size, batch: run.train.evalBatch };
        const both = task.evaluateWithCensus?.(forward, options); // one forward pass for the metrics and the census
        result.models[m.name] = { step: ck.meta.step, metrics: both?.metrics ?? task.evaluate((x) => forward(x).logits, { phase: 'ood', ...options }) };
        if (both?.census) result.models[m.name]!.census = both.census;
      } finally {
        model.dispose();
      }
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
