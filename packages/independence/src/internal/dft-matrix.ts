/**
 * Host-side cos/sin matrices of a zero-padded DFT along one axis: for a signal of `length`
 * samples padded to `size`, `cos[l, u] = cos(2 pi u l / size)` and `sin[l, u] = sin(2 pi u l / size)`,
 * both `[length, size]` row-major. Cached by `(length, size)`; plain arrays, so nothing to dispose.
 */
const cache = new Map<string, { cos: Float32Array; sin: Float32Array }>();

export function dftMatrix(length: number, size: number): { cos: Float32Array; sin: Float32Array } {
  const key = `${length}x${size}`;
  let m = cache.get(key);
  if (!m) {
    const cos = new Float32Array(length * size); // [length, size]
    const sin = new Float32Array(length * size); // [length, size]
    for (let l = 0; l < length; l++) {
      for (let u = 0; u < size; u++) {
        // (u * l) mod size keeps the angle small, so float64 cos/sin stay exact at the grid points
        const angle = (2 * Math.PI * ((u * l) % size)) / size;
        cos[l * size + u] = Math.cos(angle);
        sin[l * size + u] = Math.sin(angle);
      }
    }
    m = { cos, sin };
    cache.set(key, m);
  }
  return m;
}

/** The smallest power of two >= n. */
export function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}
