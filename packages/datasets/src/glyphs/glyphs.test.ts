import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { ConfigError } from '@rimjs/core';
import { expectNoLeak, useBackend } from '@rimjs/core/testing';
import { GlyphDataset, generateGlyphs, glyphPreview, glyphSplits } from './index.js';

const SMALL = { numClasses: 40, backgroundClasses: 30, samplesPerClass: 6 };

describe('generated glyphs', () => {
  beforeAll(() => useBackend('cpu'));

  it('has the documented sizes by default: 800 + 200 classes of 20 images, 28 x 28, split by class', () => {
    const { background, evaluation } = glyphSplits();
    expect([background.count, background.rows, background.cols, background.classes.length]).toEqual([16000, 28, 28, 800]);
    expect([evaluation.count, evaluation.classes.length, evaluation.classes[0]]).toEqual([4000, 200, 800]);
    expect(background.pixels.length).toBe(16000 * 784);
    const bg = new Set(background.labels);
    expect(evaluation.labels.every((k) => !bg.has(k))).toBe(true);
    expect(background.labels[0 * 20 + 19]).toBe(0);
    expect(background.labels[5 * 20]).toBe(5);
  });

  it('is a pure function of (seed, class, sample) and changes with the seed', () => {
    const a = generateGlyphs(SMALL, [3, 7]);
    const b = generateGlyphs(SMALL, [7]);
    expect(a.pixels.subarray(6 * 784)).toEqual(b.pixels);
    expect(generateGlyphs(SMALL, [3, 7]).pixels).toEqual(a.pixels);
    expect(generateGlyphs({ ...SMALL, seed: 1 }, [3, 7]).pixels).not.toEqual(a.pixels);
  });

  it('draws ink in [0, 255], and instances of a class are closer to each other than to other classes', () => {
    const set = generateGlyphs(SMALL, Array.from({ length: 20 }, (_, i) => i));
    const n = 784;
    const img = (k: number) => set.pixels.subarray(k * n, (k + 1) * n);
    const dist = (p: number, q: number) => { let d = 0; for (let i = 0; i < n; i++) d += (img(p)[i]! - img(q)[i]!) ** 2; return d; };
    let within = 0, between = 0, nw = 0, nb = 0;
    for (let p = 0; p < set.count; p += 3) for (let q = p + 1; q < set.count; q += 2) {
      if (set.labels[p] === set.labels[q]) { within += dist(p, q); nw++; } else { between += dist(p, q); nb++; }
    }
    expect(within / nw).toBeLessThan(0.8 * (between / nb));
    for (let k = 0; k < set.count; k++) {
      const ink = img(k).reduce((s, v) => s + v, 0) / 255;
      expect(ink).toBeGreaterThan(15); // every image has strokes
      expect(ink).toBeLessThan(400);
    }
  });

  it('is a Dataset: batches [batch, 28, 28, 1] in [0, 1] with global class ids, reproducible, leak-free', async () => {
    const { evaluation } = glyphSplits(SMALL);
    const ds = new GlyphDataset(evaluation);
    expect([ds.size, ds.name]).toEqual([60, 'glyphs-28-10c']);
    const host = ds.batchAt(3, 8, 'x');
    expect(host.images.shape).toEqual([8, 28, 28, 1]);
    expect(Array.from(host.labels.data).every((k) => k >= 30 && k < 40)).toBe(true);
    expect(ds.batchAt(3, 8, 'x').images.data).toEqual(host.images.data);
    expect(Math.max(...host.images.data)).toBeLessThanOrEqual(1);
    const { images, labels } = ds.evaluationSet({ size: 12 });
    expect(images.shape).toEqual([12, 28, 28, 1]);
    expect(Array.from(labels.dataSync())).toEqual([30, 30, 30, 30, 30, 30, 31, 31, 31, 31, 31, 31]);
    tf.dispose([images, labels]);
    await expectNoLeak(() => { for (const b of ds.batches({ batchSize: 10, seed: 1, steps: 2 })) tf.dispose(b); });
  });

  it('throws typed errors naming the field', () => {
    expect(() => glyphSplits({ backgroundClasses: 1000 })).toThrow('GlyphConfig.backgroundClasses: must be an integer in [1, numClasses - 1 = 999], got 1000');
    expect(() => glyphSplits({ minStrokes: 3, maxStrokes: 2, side: 4 })).toThrow(/GlyphConfig.side[\s\S]*GlyphConfig.maxStrokes: must be at least minStrokes = 3, got 2/);
    expect(() => generateGlyphs(SMALL, [40])).toThrow(ConfigError);
    expect(() => generateGlyphs({ jiter: 1 } as object, [0])).toThrow('GlyphConfig.jiter: unknown field');
  });

  it('the README preview is current', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain('```text\n' + glyphPreview({}, [0, 1], 4) + '\n```');
  });
});
