import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, ShapeError } from '@rimjs/core';
import { expectNoLeak, maxAbsDiff, useBackend } from '@rimjs/core/testing';
import { layerSdr, zeroInsert } from './layer-sdr.js';
import { spectralDensityRatio } from './spectral-density-ratio.js';
import { stretchKernel } from './stretch-kernel.js';

describe('layerSdr', () => {
  beforeAll(() => useBackend('cpu'));

  it('a stride-2 conv2dTranspose is a conv of the zero-inserted input with its kernel (the model it analyses)', () => {
    const x = tf.randomNormal([2, 5, 5, 3], 0, 1, 'float32', 41) as tf.Tensor4D;
    const k = tf.randomNormal([3, 3, 4, 3], 0, 1, 'float32', 42) as tf.Tensor4D; // [kh, kw, Cout, Cin]
    const ref = tf.conv2dTranspose(x, k, [2, 11, 11, 4], 2, 'valid'); // [(5 - 1) 2 + 3]
    const up = tf.slice(zeroInsert(x, 2), [0, 0, 0, 0], [2, 9, 9, 3]); // [2, 9, 9, 3]
    const flipped = tf.reverse(tf.transpose(k, [0, 1, 3, 2]), [0, 1]) as tf.Tensor4D; // [kh, kw, Cin, Cout]
    const ours = tf.conv2d(tf.pad(up, [[0, 0], [2, 2], [2, 2], [0, 0]]), flipped, 1, 'valid');
    expect(maxAbsDiff(ours, ref)).toBeLessThan(1e-4);
    const viaLayer = layerSdr({ kind: 'conv2dTranspose', kernel: k, strides: 2 }, x);
    const direct = spectralDensityRatio(zeroInsert(x, 2), tf.transpose(k, [0, 1, 3, 2]) as tf.Tensor4D);
    expect(maxAbsDiff(viaLayer.pairs, direct.pairs)).toBe(0);
    expect(viaLayer.pairs.shape).toEqual([3, 4]);
    tf.dispose([x, k, ref, up, flipped, ours, ...Object.values(viaLayer), ...Object.values(direct)]);
  });

  it('a dilated conv2d is analysed with its dilated kernel; a plain one as is', () => {
    const x = tf.randomNormal([2, 10, 10, 2], 0, 1, 'float32', 43) as tf.Tensor4D;
    const k = tf.randomNormal([3, 3, 2, 2], 0, 1, 'float32', 44) as tf.Tensor4D;
    const a = layerSdr({ kind: 'conv2d', kernel: k, dilations: 2 }, x);
    const b = spectralDensityRatio(x, stretchKernel(k, 2));
    expect(maxAbsDiff(a.pairs, b.pairs)).toBe(0);
    const c = layerSdr({ kind: 'conv2d', kernel: k }, x);
    const d = spectralDensityRatio(x, k);
    expect(maxAbsDiff(c.pairs, d.pairs)).toBe(0);
    tf.dispose([x, k, ...Object.values(a), ...Object.values(b), ...Object.values(c), ...Object.values(d)]);
  });

  it('refuses layers it cannot analyse with typed errors naming why', () => {
    const x = tf.zeros([1, 8, 8, 2]) as tf.Tensor4D;
    const k = tf.zeros([3, 3, 2, 2]);
    expect(() => layerSdr({ kind: 'dense', kernel: tf.zeros([4, 4]) }, x)).toThrow(ConfigError);
    expect(() => layerSdr({ kind: 'dense' }, x)).toThrow("layerSdr: cannot analyse a 'dense' layer");
    expect(() => layerSdr({ kind: 'conv2d', kernel: k, strides: 2 }, x)).toThrow('cannot analyse a conv2d with strides 2');
    expect(() => layerSdr({ kind: 'conv2d', kernel: k, strides: [1, 2] }, x)).toThrow(ConfigError);
    expect(() => layerSdr({ kind: 'conv2dTranspose', kernel: k, strides: 2, dilations: 2 }, x)).toThrow(ConfigError);
    expect(() => layerSdr({ kind: 'conv2d' }, x)).toThrow(ShapeError);
    expect(() => layerSdr({ kind: 'conv2d', kernel: tf.zeros([3, 3, 2]) }, x)).toThrow("layerSdr: 'conv2d' kernel must be a rank-4 tensor [kh, kw, Cin, Cout], got [3, 3, 2]");
    expect(() => zeroInsert(x, 0)).toThrow(ConfigError);
    tf.dispose([x, k]);
  });

  it('leaks nothing', async () => {
    const x = tf.randomNormal([2, 6, 6, 2]) as tf.Tensor4D;
    const k = tf.randomNormal([3, 3, 2, 2]) as tf.Tensor4D;
    await expectNoLeak(() => {
      tf.dispose(Object.values(layerSdr({ kind: 'conv2dTranspose', kernel: k, strides: 2 }, x)));
      tf.dispose(Object.values(layerSdr({ kind: 'conv2d', kernel: k, dilations: 2 }, x)));
    });
    tf.dispose([x, k]);
  });
});
