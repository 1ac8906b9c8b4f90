import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, ShapeError } from '../errors.js';
import { constant } from '../init/initializers.js';
import { Parameters } from '../params/parameters.js';
import { Rng } from '../rng.js';
import { expectNoLeak, TEST_BACKENDS, useBackend } from '../testing/index.js';
import { GroupLinear } from './group-linear-layer.js';
import { groupLinearReference } from './group-linear-reference.js';

describe.each(TEST_BACKENDS)('GroupLinear layer on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('holds weight [units, in, out] and bias [units, out] under its scope', () => {
    const params = new Parameters(new Rng(1));
    const lin = new GroupLinear(params.scope('proj'), { units: 3, inputSize: 4, outputSize: 5 });
    expect(params.names()).toEqual(['proj.weight', 'proj.bias']);
    expect(lin.weight.shape).toEqual([3, 4, 5]);
    expect(lin.bias!.shape).toEqual([3, 5]);
    expect(params.count()).toBe(3 * 4 * 5 + 3 * 5);
    // Default init: weight U(+-1/sqrt(in)), bias zeros.
    const wv = lin.weight.dataSync();
    expect(Math.max(...Array.from(wv, Math.abs))).toBeLessThanOrEqual(1 / Math.sqrt(4));
    expect(Array.from(lin.bias!.dataSync()).every((v) => v === 0)).toBe(true);
    params.dispose();
  });

  it('without bias has weight only', () => {
    const params = new Parameters(new Rng(1));
    const lin = new GroupLinear(params, { units: 2, inputSize: 3, outputSize: 4, bias: false });
    expect(lin.bias).toBeNull();
    expect(params.count()).toBe(24);
    params.dispose();
  });

  it('initialises deterministically from the seed', () => {
    const make = (seed: number) => {
      const params = new Parameters(new Rng(seed));
      const lin = new GroupLinear(params.scope('g'), { units: 2, inputSize: 3, outputSize: 4 });
      const w = Array.from(lin.weight.dataSync());
      params.dispose();
      return w;
    };
    expect(make(7)).toEqual(make(7));
    expect(make(7)).not.toEqual(make(8));
  });

  it('apply maps [batch, units, in] to [batch, units, out], equal to the reference', () => {
    const params = new Parameters(new Rng(2));
    const lin = new GroupLinear(params, { units: 3, inputSize: 4, outputSize: 5, biasInit: constant(0.5) });
    const x = tf.randomNormal([2, 3, 4], 0, 1, 'float32', 3) as tf.Tensor3D;
    const y = lin.apply(x);
    expect(y.shape).toEqual([2, 3, 5]);
    const want = groupLinearReference(x, lin.weight as tf.Tensor3D, lin.bias as tf.Tensor2D);
    expect(tf.max(tf.abs(tf.sub(y, want))).dataSync()[0]).toBeLessThan(1e-5);
    expect(() => lin.apply(tf.zeros([2, 4, 4]) as tf.Tensor3D)).toThrow(ShapeError);
    expect(() => lin.apply(tf.zeros([2, 4, 4]) as tf.Tensor3D)).toThrow(/'x' must be \[batch, units, in\] = \[\?, 3, 4\], got \[2, 4, 4\]/);
    tf.dispose([x, y, want]);
    params.dispose();
  });

  it('rejects sizes that are not positive integers, listing each', () => {
    const params = new Parameters(new Rng(1));
    const make = () => new GroupLinear(params, { units: 0, inputSize: 2.5, outputSize: 4 });
    expect(make).toThrow(ConfigError);
    expect(make).toThrow(/GroupLinearConfig\.units: must be an integer in \[1, ∞\], got 0/);
    expect(make).toThrow(/GroupLinearConfig\.inputSize: must be an integer in \[1, ∞\], got 2\.5/);
  });

  it('does not leak', async () => {
    const params = new Parameters(new Rng(1));
    const lin = new GroupLinear(params, { units: 3, inputSize: 4, outputSize: 5 });
    const x = tf.ones([2, 3, 4]) as tf.Tensor3D;
    await expectNoLeak(() => lin.apply(x).dispose());
    x.dispose();
    params.dispose();
  });
});
