/** Trainer preset sizes the accuracy suite runs: `small` (CPU, default) or `paper`. */
export const ACCURACY_PRESETS = ['small', 'paper'] as const;
/** `small` | `paper`. */
export type AccuracyPreset = (typeof ACCURACY_PRESETS)[number];

/** Models the accuracy suite may train (the trainer's `--model`). */
export const ACCURACY_MODELS = ['rim', 'lstm', 'gru'] as const;
/** `rim` | `lstm` | `gru`. */
export type AccuracyModel = (typeof ACCURACY_MODELS)[number];

/** One column of an accuracy table: a trainer metric key and how to show it. */
export interface AccuracyColumn {
  /** The trainer's metric key in `summary.json` (`models.<model>.metrics`). */
  key: string;
  /** Column header. */
  label: string;
  /** `in` (the training length / size) or `ood` (out of distribution). */
  split: 'in' | 'ood';
  /** `ce`: cross-entropy in nats, lower is better; `acc`: a fraction shown as %, higher is better. */
  kind: 'ce' | 'acc';
}

/** A task of the accuracy suite: the trainer preset `<task>-<preset>` and its table. */
export interface AccuracyTask {
  task: 'copying' | 'mnist';
  columns: readonly AccuracyColumn[];
}

/**
 * The tasks and columns, as the trainer's keys (apps/trainer README, "summary.json"): copying
 * is trained at T = 50 and tested at T = 200 (cross-entropy over the 10 copied symbols, the
 * paper's metric, and over all steps, the official code's); sequential MNIST is trained on
 * 14 x 14 digits and tested on 14, 16, 19 and 24 pixels a side.
 */
export const ACCURACY_TASKS: readonly AccuracyTask[] = [
  {
    task: 'copying',
    columns: [
      { key: 'train.T50.ceLast10', label: 'T50 CE last 10 (in)', split: 'in', kind: 'ce' },
      { key: 'test.T200.ceLast10', label: 'T200 CE last 10 (OOD)', split: 'ood', kind: 'ce' },
      { key: 'test.T200.ceAll', label: 'T200 CE all (OOD)', split: 'ood', kind: 'ce' },
    ],
  },
  {
    task: 'mnist',
    columns: [
      { key: 'test.px14.acc', label: '14 px acc (in)', split: 'in', kind: 'acc' },
      { key: 'test.px16.acc', label: '16 px acc (OOD)', split: 'ood', kind: 'acc' },
      { key: 'test.px19.acc', label: '19 px acc (OOD)', split: 'ood', kind: 'acc' },
      { key: 'test.px24.acc', label: '24 px acc (OOD)', split: 'ood', kind: 'acc' },
    ],
  },
];
