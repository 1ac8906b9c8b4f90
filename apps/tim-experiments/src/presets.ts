import type { TwoSourceMarkovConfig } from '@rimjs/datasets';
import type { TimEncoderConfig } from '@rimjs/tim';

/** One experiment: the TIM encoder, the training schedule and the evaluation size. */
export interface ExperimentPreset {
  /** The TIM encoder; the Transformer baseline is `parameterMatchedTransformer(tim)`. */
  readonly tim: TimEncoderConfig;
  /** Adam steps per model (override with `--steps`). */
  readonly steps: number;
  readonly batchSize: number;
  readonly learningRate: number;
  /** Held-out sequences evaluated after training. */
  readonly evalSize: number;
  /** Sequences per evaluation chunk. */
  readonly evalChunk: number;
}

/**
 * Pixel-by-pixel MNIST at 14 x 14 (196 positions), a small Image Transformer: tokens are
 * `[start = 2, p_0, ..., p_194]`, targets `p_0 .. p_195`, causal.
 */
export const MNIST_PRESET: ExperimentPreset = {
  tim: { vocabSize: 3, dModel: 64, ns: 4, heads: 4, dFF: 256, layers: 4, standardFirst: 1, standardLast: 1, dropout: 0, outputSize: 2, maxLength: 196 },
  steps: 150,
  batchSize: 16,
  learningRate: 2e-3,
  evalSize: 500,
  evalChunk: 50,
};

/**
 * A two-source Markov experiment: the task, the schedule, the seeds, and the learning curves (the
 * held-out loss and, per TIM layer, `I(source; winner)` on a fixed held-out batch every
 * `curveEvery` steps).
 */
export interface MarkovPreset extends ExperimentPreset {
  /** One line for the report: what the preset is and why. */
  readonly description: string;
  /** The `TwoSourceMarkov` config (`time` is `tim.maxLength`). */
  readonly task: Omit<TwoSourceMarkovConfig, 'time'>;
  /** Steps between two points of the learning curves. */
  readonly curveEvery: number;
  /** Held-out sequences of the curve batch (the first of the held-out stream). */
  readonly curveSize: number;
  /** Seeds run by default (`--seeds` overrides): model init, training stream and dropout. */
  readonly seeds: readonly number[];
}

/** The two-source Markov task (defaults: time 64, vocab 16, switch probability 0.1), causal next-token prediction. */
export const MARKOV_PRESET: MarkovPreset = {
  description: 'The TwoSourceMarkov defaults (two chains of 8 states, disjoint vocabularies, branching 2, switch probability 0.1); TIM layers [std, TIM, TIM, std], competition temperature 1.',
  task: {},
  tim: { vocabSize: 16, dModel: 64, ns: 4, heads: 4, dFF: 256, layers: 4, standardFirst: 1, standardLast: 1, dropout: 0, outputSize: 16, maxLength: 64 },
  steps: 300,
  batchSize: 32,
  learningRate: 2e-3,
  evalSize: 512,
  evalChunk: 128,
  curveEvery: 25,
  curveSize: 128,
  seeds: [1],
};

/**
 * The setting of the probes that came closest to showing specialization (apps/tim-experiments
 * README, "Finding a setting"): four sources with disjoint vocabularies (so `I(source; winner)` can
 * reach 2 bits and each position's source is in its token), every layer a TIM layer (no standard
 * layer can do the mechanisms' work for them, so the competition gates every attention update),
 * and a sharp competition (`competitionTemperature` 0.1), 3 seeds.
 */
export const MARKOV_SPECIALIZE_PRESET: MarkovPreset = {
  ...MARKOV_PRESET,
  description: 'Four interleaved chains of 8 states (disjoint vocabularies, branching 2, switch probability 0.1); every layer a TIM layer (4 layers of ns = 4 mechanisms of 16), competition temperature 0.1; the Transformer: 4 standard layers with the dFF that matches the parameter count.',
  task: { sources: 4 },
  tim: { ...MARKOV_PRESET.tim, vocabSize: 32, outputSize: 32, standardFirst: 0, standardLast: 0, competitionTemperature: 0.1 },
  seeds: [1, 2, 3],
};

/** Every two-source Markov preset by name (the CLI's task argument). */
export const MARKOV_PRESETS: Readonly<Record<string, MarkovPreset>> = {
  markov: MARKOV_PRESET,
  'markov-specialize': MARKOV_SPECIALIZE_PRESET,
};
