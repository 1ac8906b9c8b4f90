import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, ShapeError } from '../errors.js';
import { expectNoLeak, maxAbsDiff, useBackend } from '../testing/index.js';
import { conv2dIm2col } from './conv2d-im2col.js';

const cases = [
  { rows: 8, cols: 8, cin: 3, cout: 5, kernel: [3, 3], stride: 1, padding: 'same' },
  { rows: 16, cols: 12, cin: 2, cout: 4, kernel: [4, 4], stride: 2, padding: 'same' },
  { rows: 7, cols: 9, cin: 2, cout: 3, kernel: [3, 2], stride: 2, padding: 'same' },
  { rows: 9, cols: 9, cin: 1, cout: 2, kernel: [3, 3], stride: 2, padding: 'valid' },
  { rows: 5, cols: 5, cin: 2, cout: 2, kernel: [1, 1], stride: 1, padding: 'valid' },
] as const;

function inputs(c: (typeof cases)[number], seed: number): { x: tf.Tensor4D; w: tf.Tensor2D; b: tf.Tensor1D } {
  const [kh, kw] = c.kernel;
  return {
    x: tf.randomNormal([2, c.rows, c.cols, c.cin], 0, 1, 'float32', seed),
    w: tf.randomNormal([kh * kw * c.cin, c.cout], 0, 1, 'float32', seed + 1),
    b: tf.randomNormal([c.cout], 0, 1, 'float32', seed + 2),
  };
}

describe('conv2dIm2col', () => {
  beforeAll(() => useBackend('cpu')); // tf.conv2d and its gradients are the reference on cpu

  it.each(cases)('equals tf.conv2d, values and gradients: %o', (c) => {
    const { x, w, b } = inputs(c, 3);
    const filter = (wt: tf.Tensor2D) => tf.reshape(wt, [c.kernel[0], c.kernel[1], c.cin, c.cout]) as tf.Tensor4D;
    const ref = (xx: tf.Tensor4D, wt: tf.Tensor2D, bb: tf.Tensor1D) => tf.add(tf.conv2d(xx, filter(wt), c.stride, c.padding), bb) as tf.Tensor4D;
    const ours = (xx: tf.Tensor4D, wt: tf.Tensor2D, bb: tf.Tensor1D) => conv2dIm2col(xx, wt, bb, { kernel: c.kernel, stride: c.stride, padding: c.padding });
    const yRef = ref(x, w, b);
    const y = ours(x, w, b);
    expect(y.shape).toEqual(yRef.shape);
    expect(maxAbsDiff(y, yRef)).toBeLessThan(1e-4);
    const dy = tf.randomNormal(y.shape, 0, 1, 'float32', 9);
    const gRef = tf.grads((a: tf.Tensor, bw: tf.Tensor, bb: tf.Tensor) => ref(a as tf.Tensor4D, bw as tf.Tensor2D, bb as tf.Tensor1D))([x, w, b], dy);
    const g = tf.grads((a: tf.Tensor, bw: tf.Tensor, bb: tf.Tensor) => ours(a as tf.Tensor4D, bw as tf.Tensor2D, bb as tf.Tensor1D))([x, w, b], dy);
    for (let i = 0; i < 3; i++) expect(maxAbsDiff(g[i]!, gRef[i]!)).toBeLessThan(1e-3);
    tf.dispose([x, w, b, y, yRef, dy, ...g, ...gRef]);
  });

  it('trains on wasm (gradients exist there) and leaks nothing', async () => {
    await useBackend('wasm');
    const { x, w, b } = inputs(cases[1], 5);
    await expectNoLeak(() => {
      const g = tf.grads((a: tf.Tensor, bw: tf.Tensor) => conv2dIm2col(a as tf.Tensor4D, bw as tf.Tensor2D, b, { kernel: [4, 4], stride: 2 }).sum())([x, w]);
      expect(g[1]!.shape).toEqual(w.shape);
      tf.dispose(g);
    });
    tf.dispose([x, w, b]);
    await useBackend('cpu');
  });

  it('names bad kernels, strides and weight shapes', () => {
    const { x, w, b } = inputs(cases[0], 1);
    expect(() => conv2dIm2col(x, w, b, { kernel: [3, 0] })).toThrow(ConfigError);
    expect(() => conv2dIm2col(x, w, b, { kernel: [3, 3], stride: 1.5 })).toThrow(/positive integers/);
    expect(() => conv2dIm2col(x, w, b, { kernel: [4, 4] })).toThrow(ShapeError);
    expect(() => conv2dIm2col(x, tf.zeros([9 * 3, 2]) as tf.Tensor2D, null, { kernel: [3, 3], stride: 1, padding: 'valid' })).not.toThrow();
    tf.dispose([x, w, b]);
  });
});
