import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { TEST_BACKENDS, useBackend } from '../testing/index.js';
import { constant, glorotUniform, normal, orthogonal, torchDefault, uniform, zeros } from './initializers.js';

function stats(t: tf.Tensor): { mean: number; std: number; min: number; max: number } {
  const v = t.dataSync();
  let s = 0;
  let s2 = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const x of v) {
    s += x;
    s2 += x * x;
    min = Math.min(min, x);
    max = Math.max(max, x);
  }
  const mean = s / v.length;
  return { mean, std: Math.sqrt(s2 / v.length - mean * mean), min, max };
}

describe.each(TEST_BACKENDS)('initializers on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('are deterministic by seed and differ between seeds', () => {
    for (const init of [normal(), uniform(), torchDefault(), glorotUniform(), orthogonal()]) {
      const a = init([6, 8], 11).dataSync();
      const b = init([6, 8], 11).dataSync();
      const c = init([6, 8], 12).dataSync();
      expect(Array.from(a)).toEqual(Array.from(b));
      expect(Array.from(a)).not.toEqual(Array.from(c));
    }
  });

  it('gives the same values on every backend (generated in JS, not by the backend)', async () => {
    const here = Array.from(normal({ std: 0.01 })([3, 4], 99).dataSync());
    const other = backend === 'cpu' ? 'wasm' : 'cpu';
    await useBackend(other);
    const there = Array.from(normal({ std: 0.01 })([3, 4], 99).dataSync());
    await useBackend(backend);
    expect(there).toEqual(here);
  });

  it('have the documented distributions', () => {
    expect(Array.from(zeros()([2, 2], 1).dataSync())).toEqual([0, 0, 0, 0]);
    expect(Array.from(constant(3)([2], 1).dataSync())).toEqual([3, 3]);
    const n = stats(normal({ mean: 1, std: 0.01 })([200, 100], 3));
    expect(n.mean).toBeCloseTo(1, 3);
    expect(n.std).toBeCloseTo(0.01, 3);
    // PyTorch default: U(-1/sqrt(fanIn), 1/sqrt(fanIn)), fanIn = shape[-2] = 400.
    const t = stats(torchDefault()([400, 300], 4));
    expect(t.max).toBeLessThanOrEqual(0.05);
    expect(t.min).toBeGreaterThanOrEqual(-0.05);
    expect(t.std).toBeCloseTo(0.05 / Math.sqrt(3), 3);
    const t2 = stats(torchDefault(100)([50, 400], 4));
    expect(t2.max).toBeLessThanOrEqual(0.1);
    expect(t2.max).toBeGreaterThan(0.099);
    const g = stats(glorotUniform()([300, 100], 5));
    expect(g.max).toBeLessThanOrEqual(Math.sqrt(6 / 400));
    expect(g.std).toBeCloseTo(Math.sqrt(6 / 400) / Math.sqrt(3), 3);
  });

  it('orthogonal gives orthonormal columns (tall) or rows (wide), per leading index', () => {
    for (const shape of [[2, 7, 4], [4, 7]]) {
      const w = orthogonal(2)(shape, 8);
      const m = shape.length === 3 ? tf.slice(w, [1, 0, 0], [1, 7, 4]).reshape([7, 4]) : w;
      const tall = shape[shape.length - 2]! >= shape[shape.length - 1]!;
      const gram = tf.matMul(m as tf.Tensor2D, m as tf.Tensor2D, tall, !tall); // tall: m^T m, wide: m m^T
      const eye = tf.mul(tf.eye(gram.shape[0]!), 4);
      expect(tf.max(tf.abs(tf.sub(gram, eye))).dataSync()[0]).toBeLessThan(1e-5);
    }
    expect(() => orthogonal()([3], 1)).toThrow(ConfigError);
  });
});
