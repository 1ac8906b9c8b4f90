import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DatasetError } from '../dataset-error.js';
import { mnistFromIdx } from './mnist-from-idx.js';
import { splitDigits, type DigitSplit } from './split-digits.js';

/** The standard file names of MNIST and Fashion-MNIST; each may also end in `.gz`. */
export const IDX_FILE_NAMES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

/** Options of {@link mnistIdxSplits}. */
export interface MnistIdxSplitOptions {
  /** A folder with the four {@link IDX_FILE_NAMES} files (plain or `.gz`). */
  readonly dir: string;
  /** Training examples held out for validation. Default 5000. */
  readonly validation?: number;
  /** Seed of the train / validation split. Default 0. */
  readonly seed?: number | string;
}

function findFile(dir: string, name: string): string {
  for (const candidate of [join(dir, name), join(dir, `${name}.gz`)]) if (existsSync(candidate)) return candidate;
  throw new DatasetError(
    `mnistIdxSplits: no '${name}' or '${name}.gz' in '${dir}'; expected the four IDX files ${Object.values(IDX_FILE_NAMES).join(', ')} (plain or .gz)`,
    join(dir, name),
  );
}

/**
 * Full MNIST or Fashion-MNIST from a folder of the four standard IDX files. The training file
 * is split by {@link splitDigits} into `count - validation` train and `validation` validation
 * examples (60000 gives 55000 / 5000 by default); `test` is the t10k file in file order (10000).
 *
 * @throws DatasetError when a file is missing or malformed.
 * @throws ConfigError when `validation` exceeds the training examples.
 * @example
 * // Debian: apt-get install dataset-fashion-mnist
 * const { train, validation, test } = mnistIdxSplits({ dir: '/usr/share/datasets/fashion-mnist' });
 */
export function mnistIdxSplits(options: MnistIdxSplitOptions): DigitSplit {
  const { dir } = options;
  const all = mnistFromIdx({ images: findFile(dir, IDX_FILE_NAMES.trainImages), labels: findFile(dir, IDX_FILE_NAMES.trainLabels) });
  const test = mnistFromIdx({ images: findFile(dir, IDX_FILE_NAMES.testImages), labels: findFile(dir, IDX_FILE_NAMES.testLabels) });
  const validation = options.validation ?? 5000;
  const split = splitDigits(all, { train: all.count - Math.min(validation, all.count), validation, test: 0 }, options.seed ?? 0);
  return { train: split.train, validation: split.validation, test };
}
