import { CPU_PRESETS } from './cpu-presets.js';
import type { ModelSizes, Preset, TrainSettings } from './preset-types.js';
import { SMALL_SIZES, SMALL_TRAIN } from './small-sizes.js';

/**
 * The size fields added after the first runs were written, with the values those runs used: a
 * run folder whose run.json lacks them resumes with these.
 */
export const SIZE_DEFAULTS: Pick<ModelSizes, 'embeddingDropout' | 'attentionDropout' | 'forgetBias' | 'initStd' | 'inputDropoutPer'> = {
  embeddingDropout: null,
  attentionDropout: null,
  forgetBias: 0,
  initStd: null,
  inputDropoutPer: 'unit',
};

/** A run's `sizes` as read from its run.json, with {@link SIZE_DEFAULTS} for the fields it was written without. */
export function sizesWithDefaults(sizes: ModelSizes): ModelSizes {
  return { ...SIZE_DEFAULTS, ...sizes };
}

/**
 * The paper's model (SPEC-RIM.md; the official `event_based/experiment_*.sh`): 6 units of 100
 * (600 in all), top 4 active, embedding 600 (`--emsize` = `--nhid`), dropout 0.5, and the
 * LSTM-600 baseline.
 */
const PAPER_SIZES: ModelSizes = {
  units: 6,
  topK: 4,
  hidden: 100,
  cell: 'official',
  unitCell: 'lstm',
  baselineHidden: null,
  embedding: 600,
  dropout: 0.5,
  embeddingDropout: null,
  attentionDropout: null,
  forgetBias: 0,
  initStd: null,
  inputDropoutPer: 'unit',
};

/** Adam, batch 64, clip 1.0 (the official scripts); each preset sets steps and lr. */
const PAPER_TRAIN: Omit<TrainSettings, 'steps' | 'lr'> = {
  batchSize: 64,
  clip: 1.0,
  weightDecay: 0,
  seed: 1,
  evalEvery: 1000,
  checkpointEvery: 500,
  logEvery: 100,
  evalSize: 256,
  finalEvalSize: 1000,
  evalBatch: 250,
  backend: 'auto',
  engine: 'fused',
  threads: 1,
  lrSchedule: 'constant',
  warmupSteps: 0,
};

/** The named presets (`pnpm train <name>`). */
export const PRESETS: Readonly<Record<string, Preset>> = {
  'copying-small': {
    name: 'copying-small',
    summary: 'copying, train T = 50, test T = 200; RIM 6 x 16 (top 4) vs LSTM-96; about 7 minutes on 2 CPU cores (fused RIM engine)',
    task: { kind: 'copying', trainDelay: 50, testDelay: 200, oodDelays: [100, 200, 500], numSymbols: 10, symbolRange: 8 },
    models: ['rim', 'lstm'],
    sizes: SMALL_SIZES,
    train: { ...SMALL_TRAIN, steps: 1000, lr: 3e-3 },
  },
  'copying-long': {
    name: 'copying-long',
    summary: 'copying-small trained 6x longer (6000 steps, attention dropout 0.1 as the official cell): about 85 minutes on 2 CPU cores',
    task: { kind: 'copying', trainDelay: 50, testDelay: 200, oodDelays: [100, 200, 500], numSymbols: 10, symbolRange: 8 },
    models: ['rim', 'lstm'],
    sizes: { ...SMALL_SIZES, attentionDropout: null },
    train: { ...SMALL_TRAIN, steps: 6000, lr: 3e-3, evalEvery: 500, checkpointEvery: 500 },
  },
  'copying-paper': {
    name: 'copying-paper',
    summary: 'copying as the paper: RIM 6 x 100 (top 4), embedding 600, dropout 0.5 vs LSTM-600; 40,000 steps (200 epochs of 200 batches)',
    task: { kind: 'copying', trainDelay: 50, testDelay: 200, oodDelays: [100, 200, 500], numSymbols: 10, symbolRange: 8 },
    models: ['rim', 'lstm'],
    sizes: PAPER_SIZES,
    train: { ...PAPER_TRAIN, steps: 40_000, lr: 1e-3 },
  },
  'adding-small': {
    name: 'adding-small',
    summary: 'adding, train length 50, test 200; RIM 6 x 16 (top 4) vs LSTM-96; about 10 minutes on 2 CPU cores',
    task: { kind: 'adding', trainLength: 50, testLength: 200, oodLengths: [200, 500, 1000] },
    models: ['rim', 'lstm'],
    sizes: SMALL_SIZES,
    train: { ...SMALL_TRAIN, steps: 800, lr: 3e-3, clip: 0.1 },
  },
  'adding-paper': {
    name: 'adding-paper',
    summary: 'adding as the official script: RIM 6 x 100 (top 4), projection 600, clip 0.1 vs LSTM-600; 46,800 steps (100 epochs of 30,000)',
    task: { kind: 'adding', trainLength: 50, testLength: 200, oodLengths: [200, 500, 1000] },
    models: ['rim', 'lstm'],
    sizes: { ...PAPER_SIZES, dropout: 0 },
    train: { ...PAPER_TRAIN, steps: 46_800, lr: 1e-3, clip: 0.1 },
  },
  'mnist-small': {
    name: 'mnist-small',
    summary: 'sequential MNIST, train 14 x 14, test 16 / 19 / 24; RIM 6 x 16 (top 4) vs LSTM-96; about 15 minutes on 2 CPU cores',
    task: { kind: 'mnist', trainSide: 14, testSides: [14, 16, 19, 24] },
    models: ['rim', 'lstm'],
    sizes: { ...SMALL_SIZES, embedding: 16 },
    train: { ...SMALL_TRAIN, steps: 250, lr: 3e-3, evalEvery: 125, evalSize: 100, finalEvalSize: 250 },
  },
  'mnist-paper': {
    name: 'mnist-paper',
    summary: 'sequential MNIST as the official script: RIM 6 x 100 (top 4), embedding 600, lr 7e-4 vs LSTM-600; 100 epochs of the 8000 npm digits (12,500 steps)',
    task: { kind: 'mnist', trainSide: 14, testSides: [14, 16, 19, 24] },
    models: ['rim', 'lstm'],
    sizes: PAPER_SIZES,
    train: { ...PAPER_TRAIN, steps: 12_500, lr: 7e-4, evalEvery: 625, checkpointEvery: 125 },
  },
  ...CPU_PRESETS,
  tiny: {
    name: 'tiny',
    summary: 'a seconds-long copying run for tests: T = 6, 3 symbols, RIM 3 x 8 (top 2) vs LSTM-24',
    task: { kind: 'copying', trainDelay: 6, testDelay: 12, oodDelays: [12, 24], numSymbols: 3, symbolRange: 4 },
    models: ['rim', 'lstm'],
    sizes: { units: 3, topK: 2, hidden: 8, cell: 'official', unitCell: 'lstm', baselineHidden: null, embedding: 8, dropout: 0, embeddingDropout: null, attentionDropout: null, forgetBias: 0, initStd: null, inputDropoutPer: 'unit' },
    train: {
      steps: 12,
      batchSize: 8,
      lr: 1e-2,
      clip: 1.0,
      weightDecay: 0,
      seed: 1,
      evalEvery: 6,
      checkpointEvery: 4,
      logEvery: 4,
      evalSize: 16,
      finalEvalSize: 32,
      evalBatch: 32,
      backend: 'cpu',
      engine: 'fused',
      threads: 1,
      lrSchedule: 'constant',
      warmupSteps: 0,
    },
  },
};

/** The preset names, in the order `pnpm train presets` lists them. */
export const PRESET_NAMES: readonly string[] = Object.keys(PRESETS);
