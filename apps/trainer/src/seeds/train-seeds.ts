import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ChildRun, JobPool, readJsonIfExists, SIGNAL_EXIT, spawnNodePrefixed, writeJson } from '@rimjs/runkit';
import type { RunConfig } from '../presets/preset-types.js';
import { RUN_FILES } from '../run/run-paths.js';
import { StopSignal } from '../train/stop-signal.js';
import type { RunSummary } from '../train/train-run.js';
import { seedLines } from './format-seed-metric.js';
import { SEEDS_FILE, aggregateSeeds, seedDirName } from './seeds-file.js';
import { writeSeedsReport } from './write-seeds-report.js';

/** The app folder (where a child trainer starts, so `--import tsx` resolves). */
const APP = fileURLToPath(new URL('../..', import.meta.url));
const CLI = fileURLToPath(new URL('../cli.ts', import.meta.url));

/** Options of {@link trainSeeds}. */
export interface TrainSeedsOptions {
  /** The parent folder: `seeds.json`, `report.md` and one run folder `seed-<n>/` per seed. */
  dir: string;
  seeds: readonly number[];
  /** A new seeds run: each seed's resolved config (written as `seed-<n>/run.json` first); omit to resume `dir`. */
  runs?: readonly RunConfig[];
  /** Seeds trained at once: 1 trains them in sequence in this process; more start child processes. */
  parallel: number;
  /** Trains (or continues) one seed folder in this process, as `pnpm train --resume <seed dir>`; resolves the exit code. */
  trainOne: (seedDir: string) => Promise<number>;
  /** Arguments of a child trainer for one seed folder (`--resume <seed dir> --quiet ...`). */
  childArgs: (seedDir: string) => string[];
  /** Whether a seed that has finished is trained again (a resume with more `--steps`). */
  retrainFinished?: boolean;
  out: NodeJS.WritableStream;
}

function finished(seedDir: string): boolean {
  return readJsonIfExists<RunSummary>(join(seedDir, RUN_FILES.summary))?.completed === true;
}

/** A child trainer on one seed folder, its output prefixed with `[seed-<n>]`. */
const childTrainer = (args: string[], prefix: string, out: NodeJS.WritableStream): ChildRun =>
  spawnNodePrefixed(['--conditions=@rimjs/source', '--import', 'tsx', CLI, ...args], { cwd: APP, prefix, out });

/**
 * `pnpm train <preset> --seeds 1,2,3 [--parallel N]`, and `--resume` of its folder: trains every
 * seed into its own complete run folder `<dir>/seed-<n>/` (so `--resume`, `eval` and `report`
 * work on each), at most `parallel` at once (1: in sequence in this process; more: child
 * processes of the trainer, their output prefixed `[seed-<n>]`). A new run first writes every
 * seed's `run.json`, so a run killed at any point resumes every seed, started or not, with the
 * same config. At the end (and after a stop) it writes `seeds.json` and `report.md` and prints
 * one line per headline metric: `test.T40.ceLast10: rim 0.0500 ± 0.0200, lstm 1.9000 ± 0.1000 (3 seeds)`.
 *
 * SIGINT / SIGTERM reach every running seed (each saves a checkpoint); no further seed starts.
 *
 * @returns the exit code: 0 every seed finished; 1 a seed failed; 130 / 143 stopped by a signal.
 */
export async function trainSeeds(options: TrainSeedsOptions): Promise<number> {
  const { dir, seeds, parallel, out } = options;
  if (options.runs) {
    mkdirSync(dir, { recursive: true });
    options.runs.forEach((run, i) => writeJson(join(dir, seedDirName(seeds[i]!), RUN_FILES.run), run));
    writeJson(join(dir, SEEDS_FILE), aggregateSeeds(dir, seeds));
  }
  const queue = seeds.map((s) => ({ seed: s, dir: join(dir, seedDirName(s)) })).filter((s) => options.retrainFinished || !finished(s.dir));
  const skipped = seeds.length - queue.length;
  if (skipped > 0) out.write(`${skipped} of ${seeds.length} seeds already finished; kept\n`);
  type Job = (typeof queue)[number];
  const pool = new JobPool((next: Job) => {
    out.write(`== seed ${next.seed} (${seeds.indexOf(next.seed) + 1} of ${seeds.length}): ${next.dir}\n`);
    return parallel <= 1 ? options.trainOne(next.dir) : childTrainer(options.childArgs(next.dir), `[${seedDirName(next.seed)}]`, out);
  });
  // In sequence the seed trains in this process, whose training loop answers the signal itself.
  const stop = new StopSignal((s) => {
    out.write(`${s}: no further seed starts; running seeds save a checkpoint\n`);
    pool.stop(s);
  }).install();
  let codes: number[];
  try {
    codes = await pool.run(queue, parallel);
  } finally {
    stop.uninstall();
  }
  const file = await writeSeedsReport(dir, seeds);
  out.write(`\n${seedLines(file).join('\n')}\n`);
  out.write(`seeds folder: ${dir} (seeds.json, report.md; one run folder per seed)\n`);
  if (!file.completed) out.write(`not every seed finished; continue with: pnpm train --resume ${dir}\n`);
  if (pool.stopped) return SIGNAL_EXIT[pool.stopped];
  return codes.some((c) => c !== 0) ? 1 : 0;
}
