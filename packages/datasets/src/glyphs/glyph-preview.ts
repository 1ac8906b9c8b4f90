import { renderAscii } from '../render-ascii.js';
import { generateGlyphs } from './generate-glyphs.js';
import type { GlyphConfig } from './glyph-config.js';

/**
 * An ASCII preview of the glyph set: for each of `classes`, `samples` instances side by side
 * (ink ramp `.:-=+*#`, `.` = no ink), each row headed by its class id.
 * @example
 * console.log(glyphPreview({}, [0, 1, 2], 4));
 */
export function glyphPreview(config: GlyphConfig, classes: readonly number[], samples: number): string {
  const set = generateGlyphs({ ...config, samplesPerClass: Math.max(samples, 1) }, classes);
  const n = set.rows * set.cols;
  return classes
    .map((k, j) => {
      const imgs = Array.from({ length: samples }, (_, i) =>
        Float32Array.from(set.pixels.subarray((j * set.samplesPerClass + i) * n, (j * set.samplesPerClass + i + 1) * n), (v) => v / 255));
      return `class ${k}:\n${renderAscii(imgs, set.rows, set.cols)}`;
    })
    .join('\n');
}
