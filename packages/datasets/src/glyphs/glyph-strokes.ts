import type { Rng } from '@rimjs/core';
import type { ResolvedGlyphConfig } from './glyph-config.js';

/** A point in glyph coordinates: the image spans `[-1, 1]` on both axes (x right, y down). */
type Point = readonly [number, number];

/**
 * One stroke of a class: a quadratic Bézier through its control points (a line has its middle
 * point on the chord; an arc's middle point bulges off it).
 */
export type Stroke = readonly [Point, Point, Point];

const GRID = [-0.6, -0.3, 0, 0.3, 0.6]; // the 5 x 5 anchor grid

/**
 * Draws a class: `minStrokes..maxStrokes` strokes between anchors of a 5 x 5 grid, each a line
 * (middle point on the chord), an arc (middle point pushed off the chord by 25-60% of its length)
 * or a free Bézier (middle point on another anchor). With probability 1/2 a stroke starts where
 * an earlier one ended, so glyphs look connected.
 */
export function drawClass(rng: Rng, r: ResolvedGlyphConfig): Stroke[] {
  const count = r.minStrokes + rng.int(r.maxStrokes - r.minStrokes + 1);
  const anchor = (): Point => [GRID[rng.int(5)]!, GRID[rng.int(5)]!];
  const strokes: Stroke[] = [];
  for (let s = 0; s < count; s++) {
    const start = s > 0 && rng.float() < 0.5 ? strokes[rng.int(s)]![2] : anchor();
    let end = anchor();
    while (end[0] === start[0] && end[1] === start[1]) end = anchor();
    const kind = rng.int(3);
    const mid: Point = [(start[0] + end[0]) / 2, (start[1] + end[1]) / 2];
    let control: Point;
    if (kind === 0) {
      control = mid;
    } else if (kind === 1) {
      const bulge = (rng.float() < 0.5 ? -1 : 1) * rng.uniform(0.5, 1.2); // control offset = 2 * apex offset
      control = [mid[0] - (end[1] - start[1]) * bulge * 0.5, mid[1] + (end[0] - start[0]) * bulge * 0.5];
    } else {
      control = anchor();
    }
    strokes.push([start, control, end]);
  }
  return strokes;
}

/**
 * Draws one instance of a class as grey bytes `[side, side]` (0 background, 255 ink): every
 * control point jittered (`jitter` px), then one affine map for the whole glyph (rotation, scale,
 * shear, shift), then each stroke rasterised with an anti-aliased round pen of a random width.
 */
export function drawInstance(strokes: readonly Stroke[], rng: Rng, r: ResolvedGlyphConfig): Uint8Array {
  const side = r.side;
  const px = 2 / side; // one pixel in glyph units
  const angle = (rng.uniform(-r.rotation, r.rotation) * Math.PI) / 180;
  const scale = 1 + rng.uniform(-r.scale, r.scale);
  const shear = rng.uniform(-r.shear, r.shear);
  const [dx, dy] = [rng.uniform(-r.shift, r.shift) * px, rng.uniform(-r.shift, r.shift) * px];
  const [cos, sin] = [Math.cos(angle) * scale, Math.sin(angle) * scale];
  const width = rng.uniform(r.strokeWidth[0], r.strokeWidth[1]);
  const toPixel = ([x, y]: Point): Point => {
    const [jx, jy] = [x + rng.normal() * r.jitter * px, y + rng.normal() * r.jitter * px];
    const sx = jx + shear * jy;
    const [u, v] = [cos * sx - sin * jy + dx, sin * sx + cos * jy + dy];
    return [((u + 1) / 2) * side - 0.5, ((v + 1) / 2) * side - 0.5];
  };
  const ink = new Float32Array(side * side);
  const radius = width / 2;
  for (const stroke of strokes) {
    const [a, b, c] = stroke.map(toPixel) as unknown as [Point, Point, Point];
    const length = Math.sqrt((b[0] - a[0]) ** 2 + (b[1] - a[1]) ** 2) + Math.sqrt((c[0] - b[0]) ** 2 + (c[1] - b[1]) ** 2);
    const steps = Math.max(2, Math.ceil(length * 1.5));
    for (let k = 0; k <= steps; k++) {
      const t = k / steps;
      const [w0, w1, w2] = [(1 - t) * (1 - t), 2 * t * (1 - t), t * t];
      stamp(ink, side, w0 * a[0] + w1 * b[0] + w2 * c[0], w0 * a[1] + w1 * b[1] + w2 * c[1], radius);
    }
  }
  const out = new Uint8Array(side * side);
  for (let i = 0; i < out.length; i++) out[i] = Math.round(ink[i]! * 255);
  return out;
}

/** Paints a disc of `radius` at `(cx, cy)` (pixel centres at integers), coverage `clamp(radius + 0.5 - d, 0, 1)`, max-blended. */
function stamp(ink: Float32Array, side: number, cx: number, cy: number, radius: number): void {
  const reach = Math.ceil(radius + 1);
  const [x0, y0] = [Math.round(cx), Math.round(cy)];
  for (let y = Math.max(0, y0 - reach); y <= Math.min(side - 1, y0 + reach); y++) {
    for (let x = Math.max(0, x0 - reach); x <= Math.min(side - 1, x0 + reach); x++) {
      const v = Math.min(1, Math.max(0, radius + 0.5 - Math.sqrt((x - cx) ** 2 + (y - cy) ** 2)));
      const i = y * side + x;
      if (v > ink[i]!) ink[i] = v;
    }
  }
}
