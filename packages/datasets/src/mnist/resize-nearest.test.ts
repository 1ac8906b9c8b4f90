import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '@rimjs/core/testing';
import { resizeNearest } from './resize-nearest.js';

describe('resizeNearest', () => {
  beforeAll(() => useBackend('cpu'));
  const src = Uint8Array.from({ length: 28 * 28 }, (_, i) => (i * 31 + 7) % 256);

  it('at 14 takes the odd rows and columns 1, 3, ..., 27', () => {
    const out = resizeNearest(src, 28, 28, 14);
    for (let i = 0; i < 14; i++) for (let j = 0; j < 14; j++) expect(out[i * 14 + j]).toBe(src[(2 * i + 1) * 28 + 2 * j + 1]);
  });

  it('equals tf.image.resizeNearestNeighbor with half-pixel centres at 14, 16, 19, 24, 28 and 56', () => {
    const image = tf.tensor4d(Float32Array.from(src), [1, 28, 28, 1]);
    for (const side of [14, 16, 19, 24, 28, 56]) {
      const ref = tf.image.resizeNearestNeighbor(image, [side, side], false, true);
      expect(Array.from(resizeNearest(src, 28, 28, side))).toEqual(Array.from(ref.dataSync()));
      ref.dispose();
    }
    image.dispose();
  });

  it('keeps the array type and handles non-square sources', () => {
    const f = Float32Array.from({ length: 6 }, (_, i) => i / 10); // [2, 3]
    const out = resizeNearest(f, 2, 3, 2);
    expect(out).toBeInstanceOf(Float32Array);
    // rows floor((2i+1)*2/4) = 0, 1; cols floor((2j+1)*3/4) = 0, 2
    expect(Array.from(out)).toEqual([f[0], f[2], f[3], f[5]]);
  });
});
