import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend, type BackendInfo } from '@rimjs/core';
import { createSequenceModel, type SequenceModel, type SequenceModelConfig } from '@rimjs/rim';
import { CHECKPOINT_FILE } from '../checkpoint/checkpoint-format.js';
import { checkCheckpoint, readCheckpoint, type Checkpoint } from '../checkpoint/read-checkpoint.js';
import { createProgress, readJsonIfExists, SIGNAL_EXIT, writeJson } from '@rimjs/runkit';
import type { RunConfig } from '../presets/preset-types.js';
import { writeReport } from '../report/write-report.js';
import { identityOf } from '../run/identity.js';
import { RUN_FILES } from '../run/run-paths.js';
import { TRAINER_VERSION } from '../run/trainer-version.js';
import { comparisonTable } from '../eval/comparison-table.js';
import { createTaskRunner } from '../tasks/create-task-runner.js';
import { finalLineKeys, headlineKey, tableKeys } from '../tasks/metric-keys.js';
import { formatValue } from '../log/format-value.js';
import { StopSignal } from './stop-signal.js';
import { trainModel, type ModelSummary } from './train-model.js';

/** `<run>/summary.json`: what scripts read (keys documented in the README). */
export interface RunSummary {
  format: 'rimjs-trainer-summary/1';
  preset: string;
  trainer: string;
  config: RunConfig;
  backend: { name: string; requested: string; reason: string };
  /** Sum of the models' training wall times (evaluations included), in seconds. */
  wallTimeSec: number;
  completed: boolean;
  interrupted: boolean;
  error: string | null;
  /** The key printed at the end, e.g. `test.T200.ceLast10`. */
  headline: string;
  /** Per model: its final metrics (`metrics['test.T200.ceLast10']`) and training facts. */
  models: Record<string, Omit<ModelSummary, 'format' | 'preset' | 'config'>>;
}

/** Options of {@link trainRun}. */
export interface TrainRunOptions {
  run: RunConfig;
  /** The run folder: created for a new run; holds run.json for a resumed one. */
  dir: string;
  /** Continue the checkpoints in `dir` (models already finished are kept). */
  resume: boolean;
  quiet: boolean;
  /** Train only these models of the run (default all); the others' summaries are kept. */
  only?: readonly string[];
  /** Print here (default stdout). */
  out?: NodeJS.WritableStream;
  createModel?: (config: SequenceModelConfig) => SequenceModel;
}

/** What a run ended with; the CLI exits with `exitCode` (0, or 130 / 143 after a signal). */
export interface RunOutcome {
  summary: RunSummary;
  exitCode: number;
}

function readModelSummary(dir: string): ModelSummary | null {
  return readJsonIfExists<ModelSummary>(join(dir, RUN_FILES.summary));
}

/**
 * Trains every model of a run, one after the other, each in `<dir>/<model>/`, then writes
 * `<dir>/summary.json` and the report, and prints the comparison table.
 *
 * On resume, every model's checkpoint is read and checked against the run before anything is
 * written, so a corrupt or foreign checkpoint stops the run with nothing overwritten.
 *
 * @throws CheckpointError for a bad checkpoint; NumericError for a NaN loss (summary written).
 */
export async function trainRun(options: TrainRunOptions): Promise<RunOutcome> {
  const { run, dir, resume } = options;
  const out = options.out ?? process.stdout;
  const create = options.createModel ?? createSequenceModel;
  const info: BackendInfo = await initBackend(run.train.backend);
  out.write(`backend: ${info.name} (${info.reason})\n`);

  // Check every checkpoint before anything is written.
  const checkpoints = new Map<string, Checkpoint | null>();
  const finished = new Map<string, ModelSummary>();
  const selected = run.models.filter((m) => !options.only || options.only.includes(m.name));
  for (const m of run.models) {
    const mdir = join(dir, m.name);
    const path = join(mdir, CHECKPOINT_FILE);
    if (!selected.includes(m)) {
      const other = resume ? readModelSummary(mdir) : null;
      if (other) finished.set(m.name, other);
      continue;
    }
    if (!resume || !existsSync(path)) {
      checkpoints.set(m.name, null);
      continue;
    }
    const ck = await readCheckpoint(path);
    const probe = create(m.config);
    try {
      checkCheckpoint(ck, probe, identityOf(run, m));
    } finally {
      probe.dispose();
    }
    checkpoints.set(m.name, ck);
    const done = readModelSummary(mdir);
    if (done?.completed && ck.meta.step >= run.train.steps) finished.set(m.name, done);
  }
  mkdirSync(dir, { recursive: true });
  writeJson(join(dir, RUN_FILES.run), run);

  const task = createTaskRunner(run.task);
  const progress = createProgress({ quiet: options.quiet, logEvery: run.train.logEvery, out });
  const stop = new StopSignal((s) => progress.log(`${s}: finishing this step, then saving a checkpoint (send it again to quit at once)`)).install();
  const results: Record<string, ModelSummary> = {};
  let error: string | null = null;
  try {
    for (const m of run.models) {
      const done = finished.get(m.name);
      if (done) {
        if (selected.includes(m)) out.write(`[${m.name}] already trained (${done.steps} steps); kept\n`);
        results[m.name] = done;
        continue;
      }
      if (!selected.includes(m)) continue;
      const mdir = join(dir, m.name);
      mkdirSync(mdir, { recursive: true });
      try {
        results[m.name] = await trainModel({ run, model: m, dir: mdir, task, progress, stop, checkpoint: checkpoints.get(m.name) ?? null, createModel: create });
      } catch (e) {
        error = (e as Error).message;
        const partial = readModelSummary(mdir);
        if (partial) results[m.name] = partial;
        throw e;
      } finally {
        checkpoints.delete(m.name); // free the file's buffers
      }
      if (stop.requested) break;
    }
  } finally {
    progress.stop();
    stop.uninstall();
    task.dispose();
    const summary = runSummary(run, info, results, error);
    writeJson(join(dir, RUN_FILES.summary), summary);
  }
  const summary = runSummary(run, info, results, null);
  if (summary.completed) {
    await writeReport(dir);
    const metrics = Object.fromEntries(Object.entries(summary.models).map(([k, v]) => [k, v.metrics]));
    out.write(`\n${comparisonTable(run.task, tableKeys(run.task, 'train'), metrics)}\n\n`);
    for (const key of finalLineKeys(run.task)) {
      out.write(`${key}: ${Object.entries(metrics).map(([m, v]) => `${m} ${formatValue(key, v[key])}`).join(', ')}\n`);
    }
    out.write(`run folder: ${dir} (summary.json, report.md)\n`);
  } else if (summary.interrupted) {
    out.write(`interrupted; continue with: pnpm train --resume ${dir}\n`);
  }
  return { summary, exitCode: stop.requested ? SIGNAL_EXIT[stop.requested] : 0 };
}

function runSummary(run: RunConfig, info: BackendInfo, results: Record<string, ModelSummary>, error: string | null): RunSummary {
  const models: RunSummary['models'] = {};
  for (const [name, { format: _f, preset: _p, config: _c, ...rest }] of Object.entries(results)) models[name] = rest;
  const list = Object.values(results);
  return {
    format: 'rimjs-trainer-summary/1',
    preset: run.preset,
    trainer: TRAINER_VERSION,
    config: run,
    backend: { name: info.name, requested: info.requested, reason: info.reason },
    wallTimeSec: list.reduce((s, m) => s + m.wallTimeSec, 0),
    completed: error === null && run.models.every((m) => results[m.name]?.completed === true),
    interrupted: list.some((m) => m.interrupted),
    error,
    headline: headlineKey(run.task),
    models,
  };
}
