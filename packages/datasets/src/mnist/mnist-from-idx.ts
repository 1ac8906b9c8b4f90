import { DatasetError } from '../dataset-error.js';
import type { DigitImages } from './digit-images.js';
import { readIdx } from './read-idx.js';

/** The two IDX files of one set (plain or gzipped). */
export interface IdxPaths {
  /** Images: magic 0x00000803, dims `[count, rows, cols]`. */
  readonly images: string;
  /** Labels: magic 0x00000801, dims `[count]`. */
  readonly labels: string;
}

/**
 * Loads one set of digits (MNIST, Fashion-MNIST or any IDX pair of the same layout).
 *
 * @returns `pixels` `[count, rows, cols]` and `labels` `[count]`, in file order.
 * @throws DatasetError when a file is missing or malformed (see {@link readIdx}) or the two
 *   files disagree on the number of examples.
 * @example
 * const test = mnistFromIdx({
 *   images: '/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz',
 *   labels: '/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz',
 * });
 */
export function mnistFromIdx(paths: IdxPaths): DigitImages {
  const images = readIdx(paths.images, { ndims: 3 });
  const labels = readIdx(paths.labels, { ndims: 1 });
  const [count, rows, cols] = images.dims as [number, number, number];
  if (labels.dims[0] !== count) {
    throw new DatasetError(
      `mnistFromIdx: '${paths.labels}' must hold one label per image of '${paths.images}' (${count}), got ${labels.dims[0]} labels`,
      paths.labels,
    );
  }
  return { count, rows, cols, pixels: images.data, labels: labels.data, source: paths.images };
}
