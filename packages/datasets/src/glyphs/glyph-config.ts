import { assertKnownKeys, ConfigCheck } from '@rimjs/core';

/** Configuration of the generated glyphs (an Omniglot stand-in); every field is optional. */
export interface GlyphConfig {
  /** Number of classes. Default 1000. */
  readonly numClasses?: number;
  /** Images per class. Default 20 (as Omniglot). */
  readonly samplesPerClass?: number;
  /** Side of the square grey image. Default 28. */
  readonly side?: number;
  /** Classes `[0, backgroundClasses)` are the background set, the rest the evaluation set. Default 800. */
  readonly backgroundClasses?: number;
  /** Fewest strokes of a class. Default 2. */
  readonly minStrokes?: number;
  /** Most strokes of a class. Default 5. */
  readonly maxStrokes?: number;
  /** Control-point jitter of an instance, standard deviation in pixels. Default 1.5 (pixel 1-NN scores about 65% on 5-way 1-shot evaluation episodes). */
  readonly jitter?: number;
  /** Largest rotation of an instance, degrees (uniform in +-). Default 10. */
  readonly rotation?: number;
  /** Largest relative scale change of an instance (uniform in 1 +- scale). Default 0.1. */
  readonly scale?: number;
  /** Largest shear of an instance (uniform in +-). Default 0.1. */
  readonly shear?: number;
  /** Largest shift of an instance, pixels (uniform in +-, per axis). Default 2. */
  readonly shift?: number;
  /** Stroke width range of an instance, pixels. Default `[1.5, 2.5]`. */
  readonly strokeWidth?: readonly [number, number];
  /** The seed of the whole set: class `c` and its image `i` depend only on `(seed, c, i)`. Default 0. */
  readonly seed?: number | string;
}

/** The defaults of {@link GlyphConfig}, in one place. */
export const GLYPH_DEFAULTS = {
  numClasses: 1000,
  samplesPerClass: 20,
  side: 28,
  backgroundClasses: 800,
  minStrokes: 2,
  maxStrokes: 5,
  jitter: 1.5,
  rotation: 10,
  scale: 0.1,
  shear: 0.1,
  shift: 2,
  strokeWidth: [1.5, 2.5] as readonly [number, number],
  seed: 0 as number | string,
} as const;

/** A {@link GlyphConfig} with every default filled in. */
export type ResolvedGlyphConfig = { readonly [K in keyof typeof GLYPH_DEFAULTS]: (typeof GLYPH_DEFAULTS)[K] extends number ? number : (typeof GLYPH_DEFAULTS)[K] };

/**
 * Fills in the defaults of a {@link GlyphConfig} and validates it, collecting every problem.
 * @throws ConfigError listing each problem, field first (`GlyphConfig.maxStrokes: must be at least minStrokes = 2, got 1`).
 */
export function resolveGlyphConfig(config: GlyphConfig = {}): ResolvedGlyphConfig {
  assertKnownKeys('GlyphConfig', config, Object.keys(GLYPH_DEFAULTS));
  const r = { ...GLYPH_DEFAULTS, ...config } as ResolvedGlyphConfig;
  const c = new ConfigCheck('GlyphConfig');
  c.integer('numClasses', r.numClasses, 2, 100_000);
  c.integer('samplesPerClass', r.samplesPerClass, 1, 10_000);
  c.integer('side', r.side, 8, 256);
  c.integer('backgroundClasses', r.backgroundClasses, 1, Number.isInteger(r.numClasses) ? r.numClasses - 1 : Infinity, 'numClasses - 1');
  c.integer('minStrokes', r.minStrokes, 1, 12);
  c.integer('maxStrokes', r.maxStrokes, 1, 12);
  c.require(!(r.maxStrokes < r.minStrokes), 'maxStrokes', () => `must be at least minStrokes = ${r.minStrokes}, got ${r.maxStrokes}`);
  c.number('jitter', r.jitter, 0, 10).number('rotation', r.rotation, 0, 180).number('scale', r.scale, 0, 0.5);
  c.number('shear', r.shear, 0, 1).number('shift', r.shift, 0, 10);
  const [w0, w1] = Array.isArray(r.strokeWidth) ? r.strokeWidth : [NaN, NaN];
  c.require(Array.isArray(r.strokeWidth) && r.strokeWidth.length === 2 && w0! > 0 && w1! >= w0! && w1! <= 10, 'strokeWidth', () =>
    `must be [min, max] with 0 < min <= max <= 10, got ${JSON.stringify(r.strokeWidth)}`);
  c.require((typeof r.seed === 'number' && Number.isSafeInteger(r.seed)) || typeof r.seed === 'string', 'seed', () =>
    `must be a safe integer or a string, got ${JSON.stringify(r.seed)}`);
  c.throwIfAny();
  return r;
}
