/** How balls are drawn: `binary` discs, or `grey` blobs `exp(-(d^2 / r^2)^4)`. */
export type BallRender = 'binary' | 'grey';

/**
 * Renders balls into one `[side, side]` frame. Pixel `(i, j)` (row `i` from the top, column `j`)
 * has its centre at `((j + 0.5) / side, (i + 0.5) / side)` in the unit box; with `d` the distance
 * from that centre to a ball's centre:
 * - `binary`: 1 when `d <= r` for some ball, else 0;
 * - `grey`: the largest over balls of `exp(-(d^2 / r^2)^4)` (the classic bouncing-balls
 *   rendering: about 1 inside, 0.37 at the rim, 0 outside), computed within `1.5 r` of each centre
 *   (beyond it the value is below 1e-11 and drawn as 0).
 *
 * @param centres `[count, 2]` `(x, y)` in the unit box.
 * @param radii `[count]`.
 * @param out `[side * side]`, overwritten (default a new array).
 * @returns `out`, `[side * side]` float32 in [0, 1], row-major.
 * @example
 * const frame = renderBalls([0.5, 0.5], [0.25], 8, 'binary');
 */
export function renderBalls(
  centres: ArrayLike<number>,
  radii: ArrayLike<number>,
  side: number,
  mode: BallRender,
  out: Float32Array = new Float32Array(side * side),
): Float32Array {
  out.fill(0);
  for (let b = 0; b < radii.length; b++) {
    const x = centres[2 * b]!;
    const y = centres[2 * b + 1]!;
    const r = radii[b]!;
    const reach = mode === 'binary' ? r : 1.5 * r;
    const j0 = Math.max(0, Math.floor((x - reach) * side - 0.5));
    const j1 = Math.min(side - 1, Math.ceil((x + reach) * side - 0.5));
    const i0 = Math.max(0, Math.floor((y - reach) * side - 0.5));
    const i1 = Math.min(side - 1, Math.ceil((y + reach) * side - 0.5));
    for (let i = i0; i <= i1; i++) {
      const dy = (i + 0.5) / side - y;
      for (let j = j0; j <= j1; j++) {
        const dx = (j + 0.5) / side - x;
        const d2 = dx * dx + dy * dy;
        if (d2 > reach * reach) continue;
        const value = mode === 'binary' ? 1 : Math.exp(-((d2 / (r * r)) ** 4));
        if (value > out[i * side + j]!) out[i * side + j] = value;
      }
    }
  }
  return out;
}
