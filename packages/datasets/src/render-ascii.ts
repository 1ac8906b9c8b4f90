import { ConfigError } from '@rimjs/core';

/** Options of {@link renderAscii}. */
export interface AsciiOptions {
  /** Characters from dark (value 0) to bright (value 1); default `.:-=+*#`, so binary images use `.` and `#`. */
  readonly ramp?: string;
  /** Spaces between images side by side. Default 2. */
  readonly gap?: number;
}

/**
 * Draws `[rows, cols]` images with values in [0, 1] as text, side by side (a frame strip when
 * given several). Value `v` is drawn as `ramp[round(clamp(v, 0, 1) * (ramp.length - 1))]`.
 *
 * @param images each `[rows * cols]`, row-major.
 * @returns `rows` lines joined by `\n`.
 * @throws ConfigError when an image does not have `rows * cols` values.
 * @example
 * console.log(renderAscii([ds.image(0)], 14, 14));
 */
export function renderAscii(images: readonly ArrayLike<number>[], rows: number, cols: number, options: AsciiOptions = {}): string {
  const ramp = options.ramp ?? '.:-=+*#';
  const gap = ' '.repeat(options.gap ?? 2);
  images.forEach((img, k) => {
    if (img.length !== rows * cols) {
      throw new ConfigError(`renderAscii: 'images[${k}]' must have rows * cols = ${rows * cols} values, got ${img.length}`);
    }
  });
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    const parts = images.map((img) => {
      let line = '';
      for (let j = 0; j < cols; j++) {
        const v = Math.min(1, Math.max(0, img[i * cols + j]!));
        line += ramp[Math.round(v * (ramp.length - 1))];
      }
      return line;
    });
    lines.push(parts.join(gap));
  }
  return lines.join('\n');
}
