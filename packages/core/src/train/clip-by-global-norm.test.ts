import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { expectNoLeak, useBackend } from '../testing/index.js';
import { clipByGlobalNorm } from './clip-by-global-norm.js';

describe('clipByGlobalNorm', () => {
  beforeAll(() => useBackend('cpu'));

  it('scales all gradients by maxNorm / globalNorm when the norm is larger', () => {
    const grads = { a: tf.tensor1d([3, 0]), b: tf.tensor1d([0, 4]) }; // global norm 5
    const { grads: out, norm } = clipByGlobalNorm(grads, 1);
    expect(norm).toBeCloseTo(5, 5);
    expect(out.a!.dataSync()[0]).toBeCloseTo(3 / (5 + 1e-6), 6);
    expect(out.b!.dataSync()[1]).toBeCloseTo(4 / (5 + 1e-6), 6);
  });

  it('leaves small gradients unchanged', () => {
    const { grads: out, norm } = clipByGlobalNorm({ a: tf.tensor1d([0.3, 0.4]) }, 1);
    expect(norm).toBeCloseTo(0.5, 6);
    expect(Array.from(out.a!.dataSync())).toEqual([0.30000001192092896, 0.4000000059604645]);
  });

  it('rejects a non-positive maxNorm and does not leak', async () => {
    expect(() => clipByGlobalNorm({}, 0)).toThrow(ConfigError);
    const g = { a: tf.ones([10]) };
    await expectNoLeak(() => Object.values(clipByGlobalNorm(g, 1).grads).forEach((t) => t.dispose()));
  });
});
