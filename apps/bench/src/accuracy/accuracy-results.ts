import type { TrainerSeeds } from './read-seeds.js';

/** One trainer preset of the accuracy suite: a seeds run it trained, or one it read (`--from`). */
export interface AccuracyRun {
  /** The trainer preset, e.g. `copying-cpu`. */
  preset: string;
  /** The seeds folder (holds seeds.json and `seed-<n>/`). */
  dir: string;
  /** The trainer's exit code for training (0 done), or null when read with `--from`. */
  exitCode: number | null;
  /** The exit code of `pnpm train eval` on the folder (the 10x lengths), or null when not run. */
  evalExitCode: number | null;
  /** What `seeds.json` holds; null when the trainer wrote none. */
  seeds: TrainerSeeds | null;
}

/** `accuracy.json`: the accuracy suite's results. */
export interface AccuracyResults {
  format: 'rimjs-bench-accuracy/2';
  createdAt: string;
  /** The seeds asked for (with `--from`: those of the folders read). */
  seeds: number[];
  runs: AccuracyRun[];
  /** Why nothing ran (the trainer app is missing), when it did not. */
  skipped?: string;
}
