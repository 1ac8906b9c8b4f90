import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, Rng, ShapeError } from '@rimjs/core';
import { expectNoLeak, useBackend } from '@rimjs/core/testing';
import { blockMaxAbs, expandBlockMask } from './block-reduce.js';
import { checkBlockShape } from './block-shape.js';

function randomMatrix(rows: number, cols: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: rows * cols }, () => rng.normal());
}

describe('block reductions', () => {
  beforeAll(() => useBackend('cpu'));

  for (const block of [[4, 4], [8, 8], [16, 16], [32, 32], [12, 2], [1, 8], [1, 1]] as const) {
    it(`blockMaxAbs and expandBlockMask agree with loops for ${block[0]}x${block[1]}`, () => {
      const [rows, cols] = [block[0] * 3, block[1] * 2];
      const w = randomMatrix(rows, cols, 7);
      const got = tf.tidy(() => blockMaxAbs(tf.tensor2d(w, [rows, cols]), block).dataSync());
      for (let i = 0; i < 3; i++) {
        for (let j = 0; j < 2; j++) {
          let m = 0;
          for (let a = 0; a < block[0]; a++) for (let b = 0; b < block[1]; b++) m = Math.max(m, Math.abs(w[(i * block[0] + a) * cols + j * block[1] + b]!));
          expect(got[i * 2 + j]).toBeCloseTo(m, 6);
        }
      }
      const mask = [1, 0, 0, 1, 1, 0];
      const full = tf.tidy(() => expandBlockMask(tf.tensor2d(mask, [3, 2]), block).dataSync());
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) expect(full[r * cols + c]).toBe(mask[Math.floor(r / block[0]) * 2 + Math.floor(c / block[1])]);
    });
  }

  it('names bad block shapes in typed errors', () => {
    expect(() => checkBlockShape('f', 'block', [0, 4], [8, 8])).toThrow(ConfigError);
    expect(() => checkBlockShape('f', 'block', [4, 4.5], [8, 8])).toThrow("f: 'block' must be [rows, cols], integers in [1, 32], got [4,4.5]");
    expect(() => checkBlockShape('f', 'block', [64, 64], [128, 128])).toThrow(/integers in \[1, 32\], got \[64,64\]/);
    expect(() => checkBlockShape('f', 'block', [4], [8, 8])).toThrow(ConfigError);
    expect(() => checkBlockShape('f', 'block', [3, 4], [8, 8])).toThrow(ShapeError);
    expect(() => blockMaxAbs(tf.zeros([8, 12]), [8, 8])).toThrow(
      "blockMaxAbs: 'block' [8, 8] must tile the weight [rows, cols] = [8, 12] exactly (rows % 8 = 0, cols % 8 = 4)",
    );
  });

  it('leaks nothing', async () => {
    const w = tf.randomNormal([16, 32], 0, 1, 'float32', 3) as tf.Tensor2D;
    const m = tf.ones([4, 4]) as tf.Tensor2D;
    await expectNoLeak(() => tf.dispose([blockMaxAbs(w, [4, 8]), expandBlockMask(m, [4, 8])]));
    tf.dispose([w, m]);
  });
});
