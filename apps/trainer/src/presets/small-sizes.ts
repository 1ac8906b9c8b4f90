import type { ModelSizes, TrainSettings } from './preset-types.js';

/**
 * The CPU-sized model: the paper's 6 units, top 4 active, of 16 each, and an LSTM of the same total
 * state (96). Sized by measured speed (wasm, one core each: about 2 RIM steps and 8 LSTM steps of
 * batch 32 per second at T = 50), so that a copying preset trains both in about 11 minutes (7 with the fused RIM engine). No dropout
 * (attention dropout costs a quarter of the RIM's step time and a small model that trains for
 * a thousand steps does not overfit).
 */
export const SMALL_SIZES: ModelSizes = {
  units: 6,
  topK: 4,
  hidden: 16,
  cell: 'official',
  unitCell: 'lstm',
  baselineHidden: null,
  embedding: 32,
  dropout: 0,
  embeddingDropout: null,
  attentionDropout: 0,
  forgetBias: 0,
  initStd: null,
  inputDropoutPer: 'unit',
};

/** Training settings of the `small` and `cpu` presets (each sets steps and lr). */
export const SMALL_TRAIN: Omit<TrainSettings, 'steps' | 'lr'> = {
  batchSize: 32,
  clip: 1.0,
  weightDecay: 0,
  seed: 1,
  evalEvery: 200,
  checkpointEvery: 100,
  logEvery: 50,
  evalSize: 100,
  finalEvalSize: 500,
  evalBatch: 250,
  backend: 'auto',
  engine: 'fused',
  threads: 1,
  lrSchedule: 'constant',
  warmupSteps: 0,
};
