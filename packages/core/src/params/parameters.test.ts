import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../testing/index.js';

import { CheckpointError, ConfigError, ShapeError } from '../errors.js';
import { normal, zeros } from '../init/initializers.js';
import { Rng } from '../rng.js';
import { expectNoLeak } from '../testing/index.js';
import { Parameters } from './parameters.js';

beforeAll(() => useBackend('cpu'));

describe('Parameters', () => {
  it('names, counts and scopes parameters', () => {
    const p = new Parameters(new Rng(1));
    p.scope('a').add('w', [2, 3], normal());
    p.scope('a').scope('b').add('bias', [3], zeros(), { trainable: false });
    p.add('v', [4], normal());
    expect(p.names()).toEqual(['a.w', 'a.b.bias', 'v']);
    expect(p.scope('a').names()).toEqual(['a.w', 'a.b.bias']);
    expect(p.count()).toBe(13);
    expect(p.count({ trainableOnly: true })).toBe(10);
    expect(p.trainable().length).toBe(2);
    expect(p.get('a.w').shape).toEqual([2, 3]);
    expect(p.scope('a').get('b.bias').shape).toEqual([3]);
    p.dispose();
  });

  it('gives each parameter a sub-seed from its name: same seed, same weights, whatever else exists', () => {
    const p1 = new Parameters(new Rng(9));
    p1.add('x', [5], normal());
    const w1 = Array.from(p1.add('w', [5], normal()).dataSync());
    const p2 = new Parameters(new Rng(9));
    const w2 = Array.from(p2.add('w', [5], normal()).dataSync());
    expect(w2).toEqual(w1);
    expect(Array.from(p1.get('x').dataSync())).not.toEqual(w1);
    p1.dispose();
    p2.dispose();
  });

  it('checks names and shapes with typed errors', () => {
    const p = new Parameters(new Rng(1));
    p.add('w', [2, 2], zeros());
    expect(() => p.add('w', [2], zeros())).toThrow("Parameters.add: 'w' exists already");
    expect(() => p.add('z', [0, 2], zeros())).toThrow(ConfigError);
    expect(() => p.get('nope')).toThrow("Parameters.get: no parameter 'nope' (have: w)");
    expect(() => p.set('w', tf.zeros([3]))).toThrow(ShapeError);
    expect(() => p.set('w', tf.zeros([3]))).toThrow("Parameters.set: 'w' must be [2, 2], got [3]");
    p.set('w', tf.ones([2, 2]));
    expect(Array.from(p.get('w').dataSync())).toEqual([1, 1, 1, 1]);
    p.dispose();
  });

  it('loads a record strictly, naming missing, unexpected and mis-shaped tensors', () => {
    const p = new Parameters(new Rng(1));
    p.add('a', [2], zeros());
    p.add('b', [2], zeros());
    const call = () => p.load({ a: tf.zeros([3]), c: tf.zeros([1]) });
    expect(call).toThrow(CheckpointError);
    expect(call).toThrow("Parameters.load: missing 'b'; unexpected 'c'; 'a' must be [2], got [3]");
    p.load({ a: tf.tensor1d([1, 2]), b: tf.tensor1d([3, 4]) });
    expect(Array.from(p.get('b').dataSync())).toEqual([3, 4]);
    p.load({ a: tf.tensor1d([5, 6]) }, { strict: false });
    expect(Array.from(p.get('a').dataSync())).toEqual([5, 6]);
    p.dispose();
  });

  it('frees its variables on dispose and does not leak on set/load', async () => {
    const before = tf.memory().numTensors;
    const p = new Parameters(new Rng(2));
    p.add('w', [4, 4], normal());
    const v = tf.ones([4, 4]);
    await expectNoLeak(() => {
      p.set('w', v);
      p.load({ w: v });
    });
    v.dispose();
    p.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
