import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng, ShapeError } from '@rimjs/core';
import { TEST_BACKENDS, expectNoLeak, useBackend } from '@rimjs/core/testing';
import { bsrMatMul, prepareBsr } from './bsr-mat-mul.js';
import { bsrMatMulReference, bsrToDense, denseToBsr } from './bsr-matrix.js';

/** A random `[rows, cols]` matrix with about `sparsity` of its blocks zero. */
function blockSparse(rows: number, cols: number, block: readonly [number, number], sparsity: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  const w = Float32Array.from({ length: rows * cols }, () => rng.normal());
  const keep = Array.from({ length: (rows / block[0]) * (cols / block[1]) }, () => rng.float() >= sparsity);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) if (!keep[Math.floor(r / block[0]) * (cols / block[1]) + Math.floor(c / block[1])]) w[r * cols + c] = 0;
  return w;
}

describe('BSR matrices', () => {
  it('round-trips dense -> BSR -> dense and keeps only non-zero blocks', () => {
    const w = blockSparse(32, 64, [8, 4], 0.7, 1);
    const m = denseToBsr(w, 32, 64, [8, 4]);
    expect(bsrToDense(m)).toEqual(w);
    expect(m.rowPtr).toHaveLength(5);
    expect(m.values.length).toBe(m.colIdx.length * 32);
    const nonzeroBlocks = new Set<number>();
    w.forEach((v, i) => v !== 0 && nonzeroBlocks.add(Math.floor(Math.floor(i / 64) / 8) * 16 + Math.floor((i % 64) / 4)));
    expect(m.colIdx.length).toBe(nonzeroBlocks.size);
  });
});

for (const backend of TEST_BACKENDS) {
  describe(`bsrMatMul on ${backend}`, () => {
    beforeAll(() => useBackend(backend));

    const cases = [
      { rows: 32, cols: 128, block: [4, 4], sparsity: 0.8 },
      { rows: 64, cols: 64, block: [8, 8], sparsity: 0.5 },
      { rows: 64, cols: 256, block: [16, 16], sparsity: 0.9 },
      { rows: 64, cols: 128, block: [32, 32], sparsity: 0.6 },
      { rows: 48, cols: 16, block: [12, 2], sparsity: 0.7 },
      { rows: 16, cols: 16, block: [1, 1], sparsity: 0.9 },
      { rows: 32, cols: 32, block: [4, 4], sparsity: 1 }, // all zero
    ] as const;
    for (const { rows, cols, block, sparsity } of cases) {
      it(`equals the dense matMul and the block loop: [${rows}, ${cols}], ${block[0]}x${block[1]} blocks, ${sparsity * 100}% sparse`, () => {
        const w = blockSparse(rows, cols, block, sparsity, rows + cols);
        const m = denseToBsr(w, rows, cols, block);
        const prepared = prepareBsr(m);
        for (const batch of [1, 5]) {
          const x = tf.randomNormal([batch, rows], 0, 1, 'float32', 3) as tf.Tensor2D;
          const dense = tf.tidy(() => tf.matMul(x, tf.tensor2d(w, [rows, cols])).dataSync());
          const got = tf.tidy(() => bsrMatMul(x, prepared).dataSync());
          const grouped = tf.tidy(() => bsrMatMul(x, prepared, 'grouped').dataSync());
          const ref = bsrMatMulReference(x.dataSync(), batch, m);
          for (let i = 0; i < dense.length; i++) {
            expect(Math.abs(got[i]! - dense[i]!)).toBeLessThan(1e-4);
            expect(Math.abs(grouped[i]! - dense[i]!)).toBeLessThan(1e-4);
            expect(Math.abs(ref[i]! - dense[i]!)).toBeLessThan(1e-4);
          }
          x.dispose();
        }
        prepared.dispose();
      });
    }

    it('checks x and leaks nothing', async () => {
      const prepared = prepareBsr(denseToBsr(blockSparse(32, 32, [8, 8], 0.5, 4), 32, 32, [8, 8]));
      const x = tf.ones([2, 32]) as tf.Tensor2D;
      expect(() => bsrMatMul(tf.ones([2, 16]) as tf.Tensor2D, prepared)).toThrow(ShapeError);
      expect(() => bsrMatMul(tf.ones([2, 16]) as tf.Tensor2D, prepared)).toThrow("bsrMatMul: 'x' must be [batch, rows] = [?, 32], got [2, 16]");
      expect(() => bsrMatMul(x, prepared, 'magic' as never)).toThrow('bsrMatMul: \'method\' must be "kernel" | "grouped", got "magic"');
      await expectNoLeak(() => bsrMatMul(x, prepared).dispose());
      await expectNoLeak(() => bsrMatMul(x, prepared, 'grouped').dispose());
      tf.dispose([x]);
      prepared.dispose();
    });
  });
}
