/** The trainer presets the accuracy suite runs by default: one per task of the paper's Table 1, sized for a CPU. */
export const ACCURACY_PRESETS = ['copying-cpu', 'adding-cpu', 'mnist-cpu'] as const;

/** Models the accuracy suite may ask the trainer for (`--model`); default: each preset's own. */
export const ACCURACY_MODELS = ['rim', 'rim-no-comm', 'rim-all-active', 'lstm', 'gru'] as const;
/** One of {@link ACCURACY_MODELS}. */
export type AccuracyModel = (typeof ACCURACY_MODELS)[number];

/** The seeds and the seeds trained at once, unless `--seeds` / `--parallel` say otherwise. */
export const ACCURACY_DEFAULTS = { seeds: [1, 2, 3], parallel: 2 } as const;

/** The task of a trainer run, as its `seeds.json` records it (the trainer's `TaskSpec`). */
export type TrainerTask =
  | { kind: 'copying'; trainDelay: number; testDelay: number; oodDelays: number[]; numSymbols: number }
  | { kind: 'adding'; trainLength: number; testLength: number; oodLengths: number[] }
  | { kind: 'mnist'; trainSide: number; testSides: number[] };

/** One column of an accuracy table: a trainer metric key and how to show it. */
export interface AccuracyColumn {
  /** The trainer's metric key (`test.T40.ceLast10`, `test.px17.acc`). */
  key: string;
  /** Column header. */
  label: string;
  /**
   * Where the column sits against the paper: `in` (the training length or size), `4x` (the test
   * length, 4x the training one as the paper's 50 -> 200), `10x`, or for MNIST `ood1`..`ood3`
   * (the three larger sides, the paper's 16 / 19 / 24).
   */
  role: string;
  /** `ce`: cross-entropy in nats; `mse`: squared error; both lower is better. `acc`: a fraction shown as %, higher is better. */
  kind: 'ce' | 'mse' | 'acc';
}

const sorted = (xs: readonly number[]): number[] => [...new Set(xs)].sort((a, b) => a - b);
const ratio = (x: number, base: number): string => `${Number((x / base).toFixed(1))}x`;

/**
 * The columns of a task's table, from the task a trainer run recorded: copying, the
 * cross-entropy on the copied symbols (`ceLast<n>`, the paper's metric) at the training delay, the
 * test delay and every out-of-distribution delay; adding, the MSE at each length; MNIST, the
 * accuracy at the training side and each larger test side.
 *
 * @example
 * accuracyColumns({ kind: 'adding', trainLength: 20, testLength: 80, oodLengths: [200] }).map((c) => c.key);
 * // ['train.L20.mse', 'test.L80.mse', 'test.L200.mse']
 */
export function accuracyColumns(task: TrainerTask): AccuracyColumn[] {
  switch (task.kind) {
    case 'copying':
      return sorted([task.trainDelay, task.testDelay, ...task.oodDelays]).map((d) => {
        const role = d === task.trainDelay ? 'in' : ratio(d, task.trainDelay);
        return { key: `${d === task.trainDelay ? 'train' : 'test'}.T${d}.ceLast${task.numSymbols}`, label: `T${d} CE copied (${role})`, role, kind: 'ce' };
      });
    case 'adding':
      return sorted([task.trainLength, task.testLength, ...task.oodLengths]).map((l) => {
        const role = l === task.trainLength ? 'in' : ratio(l, task.trainLength);
        return { key: `${l === task.trainLength ? 'train' : 'test'}.L${l}.mse`, label: `L${l} MSE (${role})`, role, kind: 'mse' };
      });
    case 'mnist': {
      const larger = sorted(task.testSides).filter((s) => s > task.trainSide);
      return [
        { key: `test.px${task.trainSide}.acc`, label: `${task.trainSide} px acc (in)`, role: 'in', kind: 'acc' },
        ...larger.map((s, i): AccuracyColumn => ({ key: `test.px${s}.acc`, label: `${s} px acc (${ratio(s, task.trainSide)})`, role: `ood${i + 1}`, kind: 'acc' })),
      ];
    }
  }
}
