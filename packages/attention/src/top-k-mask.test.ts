import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, ShapeError } from '@rimjs/core';
import { expectNoLeak, TEST_BACKENDS, useBackend } from '@rimjs/core/testing';
import { topKMask } from './top-k-mask.js';

/** The rule, written plainly: sort indices by score (desc or asc), ties by lower index. */
function reference(rows: number[][], k: number, largest: boolean): number[][] {
  return rows.map((row) => {
    const order = row.map((_, i) => i).sort((a, b) => (largest ? row[b]! - row[a]! : row[a]! - row[b]!) || a - b);
    const keep = new Set(order.slice(0, k));
    return row.map((_, i) => (keep.has(i) ? 1 : 0));
  });
}

describe.each(TEST_BACKENDS)('topKMask on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('keeps the k largest or smallest scores per row, ties to the lower index', () => {
    const rows = [
      [0.1, 0.7, 0.7, 0.2, 0.0, 0.7],
      [3, 1, 3, 2, 3, 1],
      [0, 0, 0, 0, 0, 0], // step 0 from a zero state: every unit ties
      [-1, -2, -3, -4, -5, -6],
      [0.5, 0.5, 0.2, 0.5, 0.2, 0.5],
    ];
    for (const k of [1, 2, 4, 6]) {
      for (const largest of [true, false]) {
        const m = topKMask(tf.tensor2d(rows), k, { largest });
        expect(m.dtype).toBe('float32');
        expect(m.arraySync()).toEqual(reference(rows, k, largest));
      }
    }
  });

  it('activates units 0 .. k-1 on all-equal scores (the documented tie rule)', () => {
    expect(topKMask(tf.zeros([2, 6]) as tf.Tensor2D, 4, { largest: false }).arraySync()).toEqual([
      [1, 1, 1, 1, 0, 0],
      [1, 1, 1, 1, 0, 0],
    ]);
    expect(topKMask(tf.fill([1, 6], 0.5) as tf.Tensor2D, 2).arraySync()).toEqual([[1, 1, 0, 0, 0, 0]]);
  });

  it('carries no gradient', () => {
    const s = tf.tensor2d([[0.3, 0.1, 0.9, 0.5]]);
    // d/ds sum(mask(s) * s) = mask: the mask is a constant to the tape.
    const g = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(topKMask(x as tf.Tensor2D, 2), x)))(s);
    expect(g.arraySync()).toEqual([[0, 0, 1, 1]]);
    const g0 = tf.grad((x: tf.Tensor) => tf.sum(topKMask(x as tf.Tensor2D, 2)))(s);
    expect(g0.arraySync()).toEqual([[0, 0, 0, 0]]);
  });

  it('checks its arguments', () => {
    expect(() => topKMask(tf.zeros([2, 3, 4]) as unknown as tf.Tensor2D, 1)).toThrow(ShapeError);
    expect(() => topKMask(tf.zeros([2, 3, 4]) as unknown as tf.Tensor2D, 1)).toThrow(
      "topKMask: 'scores' must be [batch, units] = [?, ?], got [2, 3, 4]",
    );
    expect(() => topKMask(tf.zeros([2, 6]) as tf.Tensor2D, 7)).toThrow(ConfigError);
    expect(() => topKMask(tf.zeros([2, 6]) as tf.Tensor2D, 7)).toThrow('topKMask.k: must be an integer in [1, units = 6], got 7');
    expect(() => topKMask(tf.zeros([2, 6]) as tf.Tensor2D, 1.5)).toThrow(/topKMask.k: must be an integer/);
  });

  it('does not leak', async () => {
    const s = tf.tensor2d([[0.3, 0.1, 0.9, 0.5]]);
    await expectNoLeak(() => topKMask(s, 2, { largest: false }).dispose());
    await expectNoLeak(() => tf.tidy(() => {
      tf.grad((x: tf.Tensor) => tf.sum(tf.mul(topKMask(x as tf.Tensor2D, 2), x)))(s);
    }));
  });
});
