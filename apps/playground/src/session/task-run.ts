import type { Parameters } from '@rimjs/core';
import type { PlaygroundConfig } from './playground-config.js';

/** The tasks a visitor picks: copying, or bouncing balls (next-frame prediction). */
export type PlaygroundTask = 'copying' | 'balls';
export const PLAYGROUND_TASKS: readonly PlaygroundTask[] = ['copying', 'balls'];

/** The models a visitor compares. */
export type PlaygroundModel = 'rim' | 'lstm';

/** What the page needs of a model learning a task (`ModelRun` for copying, `VideoRun` for balls). */
export interface TaskRun {
  readonly task: PlaygroundTask;
  readonly kind: PlaygroundModel;
  readonly config: PlaygroundConfig;
  readonly params: Parameters;
  /** Optimizer steps done. */
  steps: number;
  /** One optimizer step; the batch's loss before the update. */
  step(): number;
  /** The task's score on fixed data, and what it means, e.g. `{ value: 0.4, label: 'copied symbols right' }`. */
  score(): { value: number; label: string };
  dispose(): void;
}
