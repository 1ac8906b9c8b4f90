import type { AccuracyModel, AccuracyPreset } from './accuracy-tasks.js';
import type { TrainerSummary } from './read-summary.js';

/** One trainer run of the accuracy suite. */
export interface AccuracyRun {
  task: 'copying' | 'mnist';
  /** The trainer preset run, `<task>-<preset>`. */
  trainerPreset: string;
  /** The trainer's run folder. */
  runDir: string;
  /** The trainer's exit code (0 done). */
  exitCode: number;
  /** What `summary.json` holds; null when the trainer wrote none. */
  summary: TrainerSummary | null;
}

/** `accuracy.json`: the accuracy suite's results. */
export interface AccuracyResults {
  format: 'rimjs-bench-accuracy/1';
  createdAt: string;
  preset: AccuracyPreset;
  models: AccuracyModel[];
  runs: AccuracyRun[];
  /** Why nothing ran (the trainer app is missing), when it did not. */
  skipped?: string;
}
