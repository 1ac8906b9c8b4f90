import type { LrSchedule } from '@rimjs/runkit';
import type { SequenceModelConfig } from '@rimjs/rim';
import type { TaskSpec } from '../presets/preset-types.js';

/** The `format` metadata value of a trainer checkpoint. */
export const CHECKPOINT_FORMAT = 'rimjs-trainer-checkpoint/1';

/** The checkpoint file of a model folder. */
export const CHECKPOINT_FILE = 'checkpoint.safetensors';

/**
 * What fixes a model's loss sequence: a checkpoint resumes only a run with the same identity.
 * (`steps`, evaluation and logging settings may change on resume.)
 */
export interface RunIdentity {
  preset: string;
  model: string;
  task: TaskSpec;
  config: SequenceModelConfig;
  batchSize: number;
  lr: number;
  /**
   * The learning-rate schedule when it is not `constant` (absent for constant runs, as in run
   * folders written before schedules existed). `steps` is in it: a cosine's rates depend on the
   * run's length, so such a run resumes only to the same number of steps. A checkpoint resumes a
   * run of another schedule where the two agree on the rate of every step it holds
   * (`resumableIdentity`).
   */
  lrSchedule?: { schedule: LrSchedule; warmupSteps: number; steps: number; decaySteps?: number };
  clip: number;
  /** AdamW's weight decay when it is not 0 (absent for plain Adam, as in older run folders). */
  weightDecay?: number;
  seed: number;
}

/** The checkpoint's `__metadata__`, parsed. */
export interface CheckpointMeta {
  format: typeof CHECKPOINT_FORMAT;
  /** Optimizer steps done: the next batch is `batchAt(step, batchSize, seed)`. */
  step: number;
  /** Training wall time up to this step, in seconds (evaluations included). */
  elapsedSec: number;
  identity: RunIdentity;
  /** Where the random streams stand: all derive from `(seed, step)`, so this records the rule. */
  rng: { seed: number; nextStep: number; data: string; dropout: string };
  versions: { trainer: string; tfjs: string; node: string; backend: string };
}
