import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { AccuracyResults, AccuracyRun } from './accuracy-results.js';
import { findSeedsDirs } from './find-seeds-dirs.js';
import { readTrainerSeeds } from './read-seeds.js';
import { renderAccuracy } from './render-accuracy.js';
import { evalArgs, runTrainerProcess, trainArgs, type RunTrainer } from './run-trainer.js';

/** Options of {@link runAccuracy}. */
export interface RunAccuracyOptions {
  /** Trainer presets to run, e.g. `copying-cpu`, `adding-cpu`, `mnist-cpu`. */
  presets: readonly string[];
  seeds: readonly number[];
  /** Seeds trained at once (child processes of the trainer). */
  parallel: number;
  /** Models each preset trains (`--model`); none: each preset's own. */
  models?: readonly string[];
  /** Backend for the trainer; none: the preset's (`auto`). */
  backend?: string;
  /** Read these finished seeds folders instead of training (see `findSeedsDirs`). */
  from?: readonly string[];
  /** Report folder: `accuracy.json`, `accuracy.md`, and the trainer runs under `accuracy/<preset>/`. */
  out: string;
  /** The repository root (holds `apps/trainer`). */
  root: string;
  /** Progress and the trainer's output. */
  log: (text: string) => void;
  /** Starts a trainer command; default {@link runTrainerProcess} (a child process). */
  runTrainer?: RunTrainer;
}

/**
 * The accuracy suite: for each trainer preset, trains every seed
 * (`pnpm train <preset> --seeds 1,2,3 --parallel 2`, into `<out>/accuracy/<preset>/`), evaluates
 * every seed at the out-of-distribution lengths (`pnpm train eval`), reads the seeds.json, and
 * writes `accuracy.json` and `accuracy.md`: mean ± std over seeds at the training length, 4x and
 * 10x it, beside the paper's Table 1. With `from` it trains nothing and tabulates the seeds folders
 * found there. When `apps/trainer` is missing it writes a results file with `skipped`.
 *
 * @returns the results and the exit code: 0 every run finished; 1 a trainer run failed or wrote no seeds.json.
 * @throws ConfigError when a `from` path holds no seeds run.
 * @example
 * const { code } = await runAccuracy({ presets: ['copying-cpu'], seeds: [1, 2, 3], parallel: 2, out: 'bench-results/acc', root, log: console.error });
 */
export async function runAccuracy(options: RunAccuracyOptions): Promise<{ results: AccuracyResults; markdown: string; code: number }> {
  const { presets, seeds, parallel, models, backend, root, log } = options;
  const out = resolve(options.out);
  const runTrainer = options.runTrainer ?? runTrainerProcess;
  const results: AccuracyResults = { format: 'rimjs-bench-accuracy/2', createdAt: new Date().toISOString(), seeds: [...seeds], runs: [] };
  let code = 0;
  if (options.from) {
    for (const dir of findSeedsDirs(options.from)) {
      const read = readTrainerSeeds(dir)!;
      results.runs.push({ preset: read.preset, dir, exitCode: null, evalExitCode: null, seeds: read });
    }
    results.seeds = [...new Set(results.runs.flatMap((r) => r.seeds!.seeds))].sort((a, b) => a - b);
    log(`accuracy: read ${results.runs.length} seeds runs (${results.runs.map((r) => r.preset).join(', ')})`);
  } else if (!existsSync(join(root, 'apps', 'trainer', 'package.json'))) {
    results.skipped = `the trainer app (apps/trainer, @rimjs/trainer) is not in ${root}; the accuracy suite runs its presets and needs it`;
    log(`accuracy: skipped: ${results.skipped}`);
  } else {
    for (const preset of presets) {
      const dir = join(out, 'accuracy', preset);
      log(`accuracy: training ${preset}, seeds ${seeds.join(', ')} (${parallel} at once) into ${dir}`);
      const request = { preset, out: dir, seeds, parallel, ...(models ? { models } : {}), ...(backend ? { backend } : {}) };
      const exitCode = await runTrainer({ args: trainArgs(request), cwd: root, log });
      let evalExitCode: number | null = null;
      if (exitCode === 0) {
        log(`accuracy: evaluating every seed of ${preset} out of distribution`);
        evalExitCode = await runTrainer({ args: evalArgs(dir, backend), cwd: root, log });
      }
      const run: AccuracyRun = { preset, dir, exitCode, evalExitCode, seeds: readTrainerSeeds(dir) };
      if (exitCode !== 0 || evalExitCode !== 0 || run.seeds === null) {
        log(`accuracy: ${preset} failed (trainer exit code ${exitCode}${evalExitCode === null ? '' : `, eval exit code ${evalExitCode}`}${run.seeds === null ? ', no seeds.json' : ''})`);
        code = 1;
      }
      results.runs.push(run);
    }
  }
  const markdown = renderAccuracy(results);
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'accuracy.json'), `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(join(out, 'accuracy.md'), markdown);
  log(`accuracy: wrote ${join(out, 'accuracy.json')}, ${join(out, 'accuracy.md')}`);
  return { results, markdown, code };
}
