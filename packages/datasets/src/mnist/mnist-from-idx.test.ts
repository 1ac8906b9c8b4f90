import { describe, it, expect } from 'vitest';
import { DatasetError } from '../dataset-error.js';
import { encodeIdx, syntheticDigits, tmpDir, writeFile } from '../testing/idx-fixture.js';
import { mnistFromIdx } from './mnist-from-idx.js';

describe('mnistFromIdx', () => {
  const dir = tmpDir();
  const { pixels, labels } = syntheticDigits(6, 28, 28);

  it('loads an image file and a label file into DigitImages', () => {
    const set = mnistFromIdx({
      images: writeFile(dir, 'i.gz', encodeIdx([6, 28, 28], pixels), true),
      labels: writeFile(dir, 'l', encodeIdx([6], labels)),
    });
    expect([set.count, set.rows, set.cols]).toEqual([6, 28, 28]);
    expect(Array.from(set.pixels)).toEqual(Array.from(pixels));
    expect(Array.from(set.labels)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('rejects swapped files and a label count that differs', () => {
    const i = writeFile(dir, 'i2', encodeIdx([6, 28, 28], pixels));
    const l = writeFile(dir, 'l2', encodeIdx([5], labels.slice(0, 5)));
    expect(() => mnistFromIdx({ images: l, labels: i })).toThrow(DatasetError);
    expect(() => mnistFromIdx({ images: i, labels: l })).toThrow(`mnistFromIdx: '${l}' must hold one label per image of '${i}' (6), got 5 labels`);
  });
});
