import { describe, it, expect } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '@rimjs/core';
import { DatasetError } from '../dataset-error.js';
import { encodeIdx, syntheticDigits, tmpDir, writeFile } from '../testing/idx-fixture.js';
import { mnistIdxSplits, IDX_FILE_NAMES } from './mnist-idx-splits.js';
import { SequentialMnist } from './sequential-mnist.js';

describe('mnistIdxSplits', () => {
  const dir = tmpDir();
  const train = syntheticDigits(30, 28, 28);
  const test = syntheticDigits(8, 28, 28);
  writeFile(dir, `${IDX_FILE_NAMES.trainImages}.gz`, encodeIdx([30, 28, 28], train.pixels), true);
  writeFile(dir, IDX_FILE_NAMES.trainLabels, encodeIdx([30], train.labels));
  writeFile(dir, `${IDX_FILE_NAMES.testImages}.gz`, encodeIdx([8, 28, 28], test.pixels), true);
  writeFile(dir, `${IDX_FILE_NAMES.testLabels}.gz`, encodeIdx([8], test.labels), true);

  it('finds the standard names (plain or .gz), holds out `validation` training examples, keeps t10k as test', () => {
    const s = mnistIdxSplits({ dir, validation: 6, seed: 3 });
    expect([s.train.count, s.validation.count, s.test.count]).toEqual([24, 6, 8]);
    expect(Array.from(s.test.labels)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const again = mnistIdxSplits({ dir, validation: 6, seed: 3 });
    expect(Array.from(again.validation.labels)).toEqual(Array.from(s.validation.labels));
  });

  it('names the missing file and the four expected ones', () => {
    const empty = tmpDir();
    expect(() => mnistIdxSplits({ dir: empty })).toThrow(DatasetError);
    expect(() => mnistIdxSplits({ dir: empty })).toThrow(
      `mnistIdxSplits: no 'train-images-idx3-ubyte' or 'train-images-idx3-ubyte.gz' in '${empty}'; expected the four IDX files train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte (plain or .gz)`,
    );
    expect(() => mnistIdxSplits({ dir, validation: 31 })).toThrow(ConfigError);
  });

  // Debian: apt-get install dataset-fashion-mnist. Skipped where the files are absent.
  const fashion = '/usr/share/datasets/fashion-mnist';
  it.skipIf(!existsSync(join(fashion, 'train-images-idx3-ubyte.gz')))('reads Debian Fashion-MNIST: 55000 / 5000 / 10000 of 28 x 28', () => {
    const s = mnistIdxSplits({ dir: fashion });
    expect([s.train.count, s.validation.count, s.test.count]).toEqual([55000, 5000, 10000]);
    expect([s.test.rows, s.test.cols]).toEqual([28, 28]);
    const counts = new Array(10).fill(0);
    for (const l of s.test.labels) counts[l]++;
    expect(counts).toEqual(new Array(10).fill(1000)); // Fashion-MNIST's test set is balanced
    const ds = new SequentialMnist(s.test, { side: 14 });
    expect(ds.batchAt(0, 4, 1).inputs.shape).toEqual([196, 4]);
  });
});
