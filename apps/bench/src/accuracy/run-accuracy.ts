import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ACCURACY_TASKS, type AccuracyModel, type AccuracyPreset } from './accuracy-tasks.js';
import type { AccuracyResults, AccuracyRun } from './accuracy-results.js';
import { readTrainerSummary } from './read-summary.js';
import { renderAccuracy } from './render-accuracy.js';
import { runTrainerProcess, type RunTrainer } from './run-trainer.js';

/** Options of {@link runAccuracy}. */
export interface RunAccuracyOptions {
  /** Trainer presets `copying-<preset>` and `mnist-<preset>`. */
  preset: AccuracyPreset;
  /** Models each preset trains (`--model`). */
  models: readonly AccuracyModel[];
  /** Report folder: `accuracy.json`, `accuracy.md`, and the trainer runs under `accuracy/`. */
  out: string;
  /** Backend for the trainer; none: the preset's (`auto`). */
  backend?: string;
  /** The repository root (holds `apps/trainer`). */
  root: string;
  /** Progress and the trainer's output. */
  log: (text: string) => void;
  /** Starts a trainer run; default {@link runTrainerProcess} (a child process). */
  runTrainer?: RunTrainer;
}

/**
 * The accuracy suite: trains the trainer's `copying-<preset>` and `mnist-<preset>` (RIM and the
 * baselines; `small` takes about 10+ minutes per preset on 2 cores, `paper` wants a GPU), reads
 * each run's `summary.json`, and writes `accuracy.json` and `accuracy.md` (the final in- and
 * out-of-distribution metrics beside the paper's Table 1) into `out`. When `apps/trainer` is
 * missing it writes a results file with `skipped` and runs nothing.
 *
 * @returns the results and the exit code: 0 every run finished, 1 a trainer run failed.
 * @example
 * const { code } = await runAccuracy({ preset: 'small', models: ['rim', 'lstm'], out: 'bench-results/acc', root, log: console.error });
 */
export async function runAccuracy(options: RunAccuracyOptions): Promise<{ results: AccuracyResults; markdown: string; code: number }> {
  const { preset, models, backend, root, log } = options;
  const out = resolve(options.out);
  const runTrainer = options.runTrainer ?? runTrainerProcess;
  const results: AccuracyResults = { format: 'rimjs-bench-accuracy/1', createdAt: new Date().toISOString(), preset, models: [...models], runs: [] };
  await mkdir(out, { recursive: true });
  let code = 0;
  if (!existsSync(join(root, 'apps', 'trainer', 'package.json'))) {
    results.skipped = `the trainer app (apps/trainer, @rimjs/trainer) is not in ${root}; the accuracy suite runs its presets and needs it`;
    log(`accuracy: skipped: ${results.skipped}`);
  } else {
    for (const { task } of ACCURACY_TASKS) {
      const trainerPreset = `${task}-${preset}`;
      const runDir = join(out, 'accuracy', trainerPreset);
      log(`accuracy: training ${trainerPreset} (${models.join(', ')}) into ${runDir}`);
      const exitCode = await runTrainer({ preset: trainerPreset, out: runDir, models, ...(backend ? { backend } : {}), cwd: root, log });
      const run: AccuracyRun = { task, trainerPreset, runDir, exitCode, summary: readTrainerSummary(runDir) };
      if (exitCode !== 0 || run.summary === null) {
        log(`accuracy: ${trainerPreset} failed (trainer exit code ${exitCode}${run.summary === null ? ', no summary.json' : ''})`);
        code = 1;
      }
      results.runs.push(run);
    }
  }
  const markdown = renderAccuracy(results);
  await writeFile(join(out, 'accuracy.json'), `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(join(out, 'accuracy.md'), markdown);
  log(`accuracy: wrote ${join(out, 'accuracy.json')}, ${join(out, 'accuracy.md')}`);
  return { results, markdown, code };
}
