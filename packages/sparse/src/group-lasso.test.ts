import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkGradients, expectNoLeak, useBackend } from '@rimjs/core/testing';
import { groupLasso, groupLassoReference } from './group-lasso.js';

describe('group lasso (one group per block)', () => {
  beforeAll(() => useBackend('cpu'));

  it('equals the loop over blocks', () => {
    const w = tf.randomNormal([8, 12], 0, 1, 'float32', 5) as tf.Tensor2D;
    const values = w.dataSync();
    for (const block of [[4, 4], [2, 6], [8, 12], [1, 1]] as const) {
      const got = tf.tidy(() => groupLasso(w, block).dataSync()[0]!);
      expect(got).toBeCloseTo(groupLassoReference(values, 8, 12, block), 4);
    }
    w.dispose();
  });

  it('has the gradient of finite differences, w_b / ||w_b|| per block', () => {
    const w = tf.randomNormal([8, 8], 0, 1, 'float32', 9) as tf.Tensor2D;
    const check = checkGradients((x) => groupLasso(x as tf.Tensor2D, [4, 2]), [w], { samples: 30 });
    expect(check.maxRelError).toBeLessThan(2e-2);
    const g = tf.tidy(() => tf.grad((x: tf.Tensor) => groupLasso(x as tf.Tensor2D, [8, 8]))(w).dataSync());
    const norm = Math.sqrt(Array.from(w.dataSync()).reduce((s, v) => s + Number(v) ** 2, 0));
    expect(g[5]).toBeCloseTo(w.dataSync()[5]! / norm, 5);
    // a zero block has a finite (zero) gradient
    const z = tf.tidy(() => tf.grad((x: tf.Tensor) => groupLasso(x as tf.Tensor2D, [4, 4]))(tf.zeros([4, 4])).dataSync());
    expect([...z].every((v) => v === 0)).toBe(true);
    w.dispose();
  });

  it('leaks nothing', async () => {
    const w = tf.ones([8, 8]) as tf.Tensor2D;
    await expectNoLeak(() => groupLasso(w, [4, 4]).dispose());
    w.dispose();
  });
});
