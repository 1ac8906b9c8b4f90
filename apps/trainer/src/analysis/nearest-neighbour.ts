import { ConfigError } from '@rimjs/core';
import { SequentialMnist, type DigitImages } from '@rimjs/datasets';

/**
 * Accuracy of the 1-nearest-neighbour classifier (Hamming distance; the first of equally near
 * training digits wins) on the first `size` test digits, after the sequential-MNIST
 * preprocessing at `side` (binarized, nearest-neighbour resized; what the trainer's models read).
 * A yardstick for how much of a digit survives a small side: it needs no training and
 * uses every training digit.
 *
 * @throws ConfigError when `size` exceeds the test digits or the sets are empty.
 * @example
 * const { train, test } = npmMnistSplits();
 * nearestNeighbourAccuracy(train, test, 10, 500); // 0.768 with the npm digits
 */
export function nearestNeighbourAccuracy(train: DigitImages, test: DigitImages, side: number, size: number): number {
  if (!Number.isInteger(size) || size < 1 || size > test.count) {
    throw new ConfigError(`nearestNeighbourAccuracy: 'size' must be an integer in [1, ${test.count}] (the test digits), got ${size}`);
  }
  const tr = new SequentialMnist(train, { side });
  const te = new SequentialMnist(test, { side });
  const images = Array.from({ length: tr.size }, (_, j) => tr.image(j)); // [train][side * side]
  let correct = 0;
  for (let i = 0; i < size; i++) {
    const x = te.image(i);
    let best = Infinity;
    let label = -1;
    for (let j = 0; j < images.length; j++) {
      const y = images[j]!;
      let d = 0;
      for (let p = 0; p < x.length && d < best; p++) if (x[p] !== y[p]) d++;
      if (d < best) {
        best = d;
        label = train.labels[j]!;
      }
    }
    if (label === test.labels[i]) correct++;
  }
  return correct / size;
}
