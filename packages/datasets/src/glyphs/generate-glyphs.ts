import { ConfigCheck, Rng } from '@rimjs/core';
import { type GlyphConfig, resolveGlyphConfig, type ResolvedGlyphConfig } from './glyph-config.js';
import { drawClass, drawInstance } from './glyph-strokes.js';

/**
 * A set of generated glyph images. Dimensions: `count = classes.length * samplesPerClass`,
 * `side x side` grey bytes. Images are grouped by class: image `j * samplesPerClass + i` is
 * sample `i` of class `classes[j]`.
 */
export interface GlyphImages {
  readonly count: number;
  readonly rows: number;
  readonly cols: number;
  /** `[count, side, side]` grey bytes, 0 (background) to 255 (ink), row-major. */
  readonly pixels: Uint8Array;
  /** `[count]` global class ids (in `[0, numClasses)`). */
  readonly labels: Int32Array;
  /** The class ids this set holds, in order. */
  readonly classes: readonly number[];
  readonly samplesPerClass: number;
  /** `glyphs(seed=0) [background]` etc., for messages. */
  readonly source: string;
}

/**
 * Renders the given classes of the glyph set. Class `c` is drawn from `new Rng(seed).child('class:' + c)`
 * and its sample `i` from `new Rng(seed).child('class:' + c + ':sample:' + i)`, so every image
 * depends only on `(config, c, i)`, whatever else is rendered.
 *
 * @throws ConfigError for a bad config or a class id outside `[0, numClasses)`.
 * @example
 * const few = generateGlyphs({}, [0, 1, 2]); // 60 images of 28 x 28
 */
export function generateGlyphs(config: GlyphConfig, classes: readonly number[], source?: string): GlyphImages {
  const r = resolveGlyphConfig(config);
  const c = new ConfigCheck('generateGlyphs');
  c.require(classes.length > 0 && classes.every((k) => Number.isInteger(k) && k >= 0 && k < r.numClasses), 'classes', () =>
    `must be a non-empty list of integers in [0, numClasses = ${r.numClasses}), got ${JSON.stringify(classes.slice(0, 8))}${classes.length > 8 ? '...' : ''}`);
  c.throwIfAny();
  return render(r, classes, source ?? `glyphs(seed=${r.seed})`);
}

/** The background and evaluation sets of {@link GlyphImages}: classes `[0, backgroundClasses)` and the rest. */
export interface GlyphSplits {
  readonly background: GlyphImages;
  readonly evaluation: GlyphImages;
  readonly config: ResolvedGlyphConfig;
}

/**
 * The whole glyph set split by class, as Omniglot's background / evaluation alphabets.
 * With the defaults: 800 background and 200 evaluation classes of 20 images, 28 x 28.
 * @throws ConfigError for a bad config.
 */
export function glyphSplits(config: GlyphConfig = {}): GlyphSplits {
  const r = resolveGlyphConfig(config);
  const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);
  return {
    background: render(r, range(0, r.backgroundClasses), `glyphs(seed=${r.seed}) [background]`),
    evaluation: render(r, range(r.backgroundClasses, r.numClasses), `glyphs(seed=${r.seed}) [evaluation]`),
    config: r,
  };
}

function render(r: ResolvedGlyphConfig, classes: readonly number[], source: string): GlyphImages {
  const n = r.side * r.side;
  const count = classes.length * r.samplesPerClass;
  const pixels = new Uint8Array(count * n); // [count, side, side]
  const labels = new Int32Array(count); // [count]
  const root = new Rng(r.seed);
  classes.forEach((k, j) => {
    const strokes = drawClass(root.child(`class:${k}`), r);
    for (let i = 0; i < r.samplesPerClass; i++) {
      const at = j * r.samplesPerClass + i;
      pixels.set(drawInstance(strokes, root.child(`class:${k}:sample:${i}`), r), at * n);
      labels[at] = k;
    }
  });
  return { count, rows: r.side, cols: r.side, pixels, labels, classes: [...classes], samplesPerClass: r.samplesPerClass, source };
}
