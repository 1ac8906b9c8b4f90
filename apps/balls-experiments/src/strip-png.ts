import { PNG } from 'pngjs';
import { ConfigError } from '@rimjs/core';

/**
 * An image strip: one row per sequence of frames (e.g. ground truth, RIM, LSTM), one column per
 * frame, each frame `side x side` grey pixels in [0, 1] scaled by `zoom`, 2-pixel white gutters.
 * @param rows `[row][frame][pixel]`, row-major pixels
 * @returns the PNG file's bytes
 * @throws ConfigError when a frame is not `side * side` pixels or the rows differ in length.
 */
export function stripPng(rows: number[][][], side: number, zoom = 4): Uint8Array {
  const frames = rows[0]?.length ?? 0;
  if (rows.some((r) => r.length !== frames) || rows.some((r) => r.some((f) => f.length !== side * side))) {
    throw new ConfigError(`stripPng: every row must hold ${frames} frames of side * side = ${side * side} pixels`);
  }
  const gutter = 2;
  const cell = side * zoom;
  const png = new PNG({ width: frames * (cell + gutter) + gutter, height: rows.length * (cell + gutter) + gutter });
  png.data.fill(255);
  rows.forEach((row, r) => {
    row.forEach((frame, f) => {
      for (let y = 0; y < cell; y++) {
        for (let x = 0; x < cell; x++) {
          const v = Math.round(255 * (1 - Math.min(1, Math.max(0, frame[Math.floor(y / zoom) * side + Math.floor(x / zoom)]!))));
          const at = ((gutter + r * (cell + gutter) + y) * png.width + gutter + f * (cell + gutter) + x) * 4;
          png.data[at] = png.data[at + 1] = png.data[at + 2] = v;
          png.data[at + 3] = 255;
        }
      }
    });
  });
  return new Uint8Array(PNG.sync.write(png));
}
