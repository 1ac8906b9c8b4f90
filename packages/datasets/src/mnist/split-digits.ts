import { ConfigCheck, Rng } from '@rimjs/core';
import { checkSeed } from '../batching.js';
import { subsetDigits, type DigitImages } from './digit-images.js';

/** Sizes of a train / validation / test split. */
export interface SplitSizes {
  readonly train: number;
  readonly validation: number;
  readonly test: number;
}

/** Three disjoint sets of digits. */
export interface DigitSplit {
  readonly train: DigitImages;
  readonly validation: DigitImages;
  readonly test: DigitImages;
}

/**
 * Splits a set into disjoint train / validation / test sets of exactly the given sizes, by a
 * seeded permutation: `order = new Rng(seed).child('split').shuffle([0..count-1])`; train takes
 * `order[0, train)`, validation the next `validation`, test the next `test`. Examples beyond
 * `train + validation + test` are left out.
 *
 * @throws ConfigError when a size is not a non-negative integer or they sum to more than `count`.
 * @example
 * const { train, validation, test } = splitDigits(loadNpmMnist(), { train: 8000, validation: 1000, test: 1000 }, 0);
 */
export function splitDigits(set: DigitImages, sizes: SplitSizes, seed: number | string): DigitSplit {
  const c = new ConfigCheck('splitDigits');
  for (const k of ['train', 'validation', 'test'] as const) c.integer(`sizes.${k}`, sizes[k], 0, set.count, 'count');
  checkSeed(c, 'seed', seed);
  c.require(sizes.train + sizes.validation + sizes.test <= set.count, 'sizes', () =>
    `train + validation + test must be at most count = ${set.count} (${set.source}), got ${sizes.train} + ${sizes.validation} + ${sizes.test}`,
  );
  c.throwIfAny();
  const order = new Rng(seed).child('split').shuffle(Array.from({ length: set.count }, (_, i) => i));
  const a = sizes.train;
  const b = a + sizes.validation;
  return {
    train: subsetDigits(set, order.slice(0, a), `${set.source} [train split]`),
    validation: subsetDigits(set, order.slice(a, b), `${set.source} [validation split]`),
    test: subsetDigits(set, order.slice(b, b + sizes.test), `${set.source} [test split]`),
  };
}
