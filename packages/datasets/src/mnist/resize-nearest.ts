/**
 * Nearest-neighbour resize of one `[rows, cols]` image to `[side, side]`, with half-pixel
 * centres: output pixel `(i, j)` copies source pixel
 * `(floor((2i + 1) * rows / (2 * side)), floor((2j + 1) * cols / (2 * side)))`, the same rule as
 * `tf.image.resizeNearestNeighbor(images, [side, side], false, true)`.
 * Thresholding commutes with it, so binarize-then-resize equals resize-then-binarize.
 *
 * @param src `[rows, cols]` values, row-major.
 * @returns `[side, side]` values, row-major, of the same array type.
 * @example
 * const small = resizeNearest(digit, 28, 28, 14); // source rows 1, 3, 5, ..., 27
 */
export function resizeNearest<A extends Uint8Array | Float32Array>(src: A, rows: number, cols: number, side: number): A {
  const out = new (src.constructor as new (n: number) => A)(side * side); // [side, side]
  for (let i = 0; i < side; i++) {
    const r = Math.floor(((2 * i + 1) * rows) / (2 * side));
    for (let j = 0; j < side; j++) out[i * side + j] = src[r * cols + Math.floor(((2 * j + 1) * cols) / (2 * side))]!;
  }
  return out;
}
