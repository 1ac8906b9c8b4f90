import * as tf from '@tensorflow/tfjs-core';
import { maxAbsDiff, useBackend } from '@rimjs/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { conv2x2, maxPool2x2 } from './conv2x2.js';

describe('conv2x2 and maxPool2x2 (im2col and reshape forms)', () => {
  beforeAll(() => useBackend('cpu'));

  it('equal tfjs conv2d / maxPool in values and gradients', () => {
    const x = tf.randomNormal([3, 7, 7, 5], 0, 1, 'float32', 1) as tf.Tensor4D;
    const f = tf.randomNormal([2, 2, 5, 4], 0, 1, 'float32', 2) as tf.Tensor4D;
    const b = tf.randomNormal([4], 0, 1, 'float32', 3) as tf.Tensor1D;
    const ref = (x: tf.Tensor4D, f: tf.Tensor4D) => tf.add(tf.conv2d(x, f, 1, 'valid'), b) as tf.Tensor4D;
    expect(maxAbsDiff(conv2x2(x, f, b), ref(x, f))).toBeLessThan(1e-5);
    const w = tf.randomNormal([3, 3, 3, 4], 0, 1, 'float32', 4);
    const ours = tf.grads((x: tf.Tensor, f: tf.Tensor) => tf.sum(tf.mul(maxPool2x2(conv2x2(x as tf.Tensor4D, f as tf.Tensor4D, b)), w)));
    const theirs = tf.grads((x: tf.Tensor, f: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(ref(x as tf.Tensor4D, f as tf.Tensor4D), 2, 2, 'valid'), w)));
    const [gx, gf] = ours([x, f]);
    const [rx, rf] = theirs([x, f]);
    expect(maxAbsDiff(gx!, rx!)).toBeLessThan(1e-4);
    expect(maxAbsDiff(gf!, rf!)).toBeLessThan(1e-4);
    expect(maxAbsDiff(maxPool2x2(x.slice([0, 0, 0, 0], [3, 6, 6, 5])), tf.maxPool(x.slice([0, 0, 0, 0], [3, 6, 6, 5]), 2, 2, 'valid'))).toBe(0);
  });
});
