import type { BouncingBallsPreset } from '@rimjs/datasets';
import type { RimLayerOptions } from '@rimjs/rim';

/** One bouncing-balls experiment: train RIM and LSTM on one variant, roll out on the test variants. */
export interface BallsPreset {
  description: string;
  /** The training data (`@rimjs/datasets` bouncing-balls preset). */
  train: BouncingBallsPreset;
  /** Rollouts are scored on each of these (the first is the training variant). */
  tests: BouncingBallsPreset[];
  /** Frame side in pixels. */
  side: number;
  /** Frames per sequence. */
  frames: number;
  /** Frames read before the rollout feeds back its own predictions. */
  observe: number;
  batch: number;
  steps: number;
  lr: number;
  /** Gradient clipping (global norm). */
  clip: number;
  /** The RIM (units x hidden) and the LSTM of the same total state. */
  rim: { layers: RimLayerOptions[] };
  lstmHidden: number;
  channels: [number, number];
  featureSize: number;
  seeds: number[];
  /** Sequences of each test set (fixed: evaluation seed 0). */
  evalSize: number;
  checkpointEvery: number;
}

const CPU = {
  side: 16,
  frames: 20,
  observe: 8,
  batch: 16,
  steps: 600,
  lr: 1e-3,
  clip: 1,
  rim: { layers: [{ numUnits: 6, topK: 4, hidden: 24 }] },
  lstmHidden: 144,
  channels: [8, 16] as [number, number],
  featureSize: 64,
  seeds: [1, 2, 3],
  evalSize: 64,
  checkpointEvery: 100,
};

/**
 * The paper's settings (Goyal et al. section 4.2: 64 x 64 frames, 50 steps, 15 observed) at CPU
 * scale: 16 x 16 frames, 20 steps, 8 observed then 12 predicted, 600 Adam steps of 16 sequences.
 * `balls4` and `balls678` each cover two settings (the training count and the other count);
 * `curtain` hides the middle quarter of the columns in the inputs (not the targets).
 */
export const PRESETS: Record<string, BallsPreset> = {
  balls4: { ...CPU, description: 'train on 4 balls; roll out on 4 and on 6-8 balls', train: 'balls4', tests: ['balls4', 'balls678'] },
  balls678: { ...CPU, description: 'train on 6-8 balls; roll out on 6-8 and on 4 balls', train: 'balls678', tests: ['balls678', 'balls4'] },
  curtain: { ...CPU, description: 'train and roll out with the middle quarter of the frame hidden from the inputs', train: 'curtain', tests: ['curtain'] },
  paper: {
    ...CPU,
    description: "the paper's size (64 x 64, 50 frames, 15 observed); days on this CPU",
    train: 'balls4',
    tests: ['balls4', 'balls678'],
    side: 64,
    frames: 50,
    observe: 15,
    batch: 32,
    steps: 20_000,
    rim: { layers: [{ numUnits: 6, topK: 4, hidden: 100 }] },
    lstmHidden: 600,
    channels: [32, 64],
    featureSize: 256,
  },
  tiny: { ...CPU, description: 'a seconds-long smoke run (tests)', train: 'balls4', tests: ['balls4', 'curtain'], side: 8, frames: 6, observe: 3, batch: 2, steps: 4, checkpointEvery: 2, evalSize: 4, seeds: [1], rim: { layers: [{ numUnits: 3, topK: 2, hidden: 4 }] }, lstmHidden: 12, channels: [2, 4], featureSize: 8 },
};
