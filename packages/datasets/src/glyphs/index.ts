// The generated glyphs (an Omniglot stand-in), re-exported by the package's door.
export { GLYPH_DEFAULTS, resolveGlyphConfig, type GlyphConfig, type ResolvedGlyphConfig } from './glyph-config.js';
export { generateGlyphs, glyphSplits, type GlyphImages, type GlyphSplits } from './generate-glyphs.js';
export { GlyphDataset, type GlyphBatch } from './glyph-dataset.js';
export { glyphPreview } from './glyph-preview.js';
