import { PNG } from 'pngjs';

/**
 * A PNG of `rows x cols` grey 28x28 images (values in [0, 1], `[count, 28, 28]` row-major) with a
 * 2-pixel white border, scaled 2x.
 */
export function sampleGridPng(pixels: ArrayLike<number>, rows: number, cols: number, side = 28, scale = 2): Buffer {
  const cell = side * scale + 2;
  const png = new PNG({ width: cols * cell + 2, height: rows * cell + 2 });
  png.data.fill(255);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) {
    const img = r * cols + c;
    for (let y = 0; y < side * scale; y++) for (let x = 0; x < side * scale; x++) {
      const v = Math.round(255 * Math.min(1, Math.max(0, pixels[img * side * side + Math.floor(y / scale) * side + Math.floor(x / scale)]!)));
      const o = ((r * cell + 2 + y) * png.width + (c * cell + 2 + x)) * 4;
      png.data[o] = png.data[o + 1] = png.data[o + 2] = 255 - v;
      png.data[o + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}
