import type { BenchSize } from '../schema/bench-record.js';

/** The tasks the model suites take their sizes from. */
export type ModelTask = 'copying' | 'mnist';

/**
 * The sizes of one task for every model of the speed suite. A RIM has `units x hidden` (top
 * `topK`) reading an embedding of `embedding`; the dense LSTM / GRU has a state of
 * `units * hidden`; TIM and the Transformer layer have `dModel = units * hidden` (TIM: `units`
 * mechanisms of `hidden`).
 */
export interface TaskSize {
  task: ModelTask;
  size: BenchSize;
  /** Sequences per run. */
  batch: number;
  /** Time steps (positions) per sequence. */
  steps: number;
  /** Input tokens: copying 10 (blank, 8 symbols, marker, as the trainer), MNIST 2 (binary pixels). */
  vocabSize: number;
  /** Outputs per step: copying 10 tokens, MNIST 10 classes. */
  outputSize: number;
  /** `all`: cross-entropy over every step (copying); `last`: over the last step's class (MNIST). */
  loss: 'all' | 'last';
  embedding: number;
  units: number;
  topK: number;
  hidden: number;
  /**
   * Why a training step at these sizes cannot run on the wasm backend, if it cannot (a RIM on the
   * fused engine is exempt: it fits): the case then fails at setup with this reason instead of
   * aborting the wasm module (a failed wasm allocation aborts it for the rest of the process,
   * failing every case after it).
   */
  noWasmTrain?: string;
}

/**
 * The four sizes of the speed suite. `paper`: the RIM paper's copying (embedding 600, 6 x 100,
 * top 4, batch 64, T = 50: 10 symbols + 50 blanks + 10 outputs = 70 steps) and sequential MNIST
 * (14 x 14 = 196 steps, embedding 600, batch 64). `small`: CPU sizes for the quick run (copying
 * 30 steps, embedding 64; MNIST 196 steps, embedding 16; both 6 x 32, batch 16). MNIST `paper`
 * training of the baselines and of a composed-engine RIM does not fit in wasm memory
 * (`noWasmTrain`); the fused RIM does (about 1 GB).
 */
export const TASK_SIZES: readonly TaskSize[] = [
  { task: 'copying', size: 'small', batch: 16, steps: 30, vocabSize: 10, outputSize: 10, loss: 'all', embedding: 64, units: 6, topK: 4, hidden: 32 },
  { task: 'mnist', size: 'small', batch: 16, steps: 196, vocabSize: 2, outputSize: 10, loss: 'last', embedding: 16, units: 6, topK: 4, hidden: 32 },
  { task: 'copying', size: 'paper', batch: 64, steps: 70, vocabSize: 10, outputSize: 10, loss: 'all', embedding: 600, units: 6, topK: 4, hidden: 100 },
  {
    task: 'mnist', size: 'paper', batch: 64, steps: 196, vocabSize: 2, outputSize: 10, loss: 'last', embedding: 600, units: 6, topK: 4, hidden: 100,
    noWasmTrain:
      'a training step over 196 steps at batch 64 keeps about 4-10 GB of tensors for the backward pass with composed ops (copying at 70 steps peaks at 1.3-3.8 GB; the fused RIM engine fits), ' +
      "more than the wasm backend's 4 GB heap; measure it with --backend cpu or tensorflow",
  },
];
