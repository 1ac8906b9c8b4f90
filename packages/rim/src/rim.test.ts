import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, Parameters, Rng, ShapeError } from '@rimjs/core';
import { expectNoLeak, maxAbsDiff, useBackend } from '@rimjs/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rim } from './rim.js';
import type { RimState } from './rim-cell.js';

const layer = { numUnits: 4, topK: 2, hidden: 5, inputKeySize: 8, commKeySize: 4, commValueSize: 4 };

describe('Rim (sequence layer)', () => {
  beforeAll(() => useBackend('wasm'));

  it('equals a plain loop over its RimCell, layer by layer, reading the masked states below', () => {
    const params = new Parameters(new Rng(1));
    const rim = new Rim(params, { inputSize: 6, layers: [layer, { ...layer, numUnits: 3, topK: 1 }] });
    const x = tf.randomNormal([7, 2, 6], 0, 1, 'float32', 2) as tf.Tensor3D;
    const out = rim.forward(x, { engine: 'composed' });
    expect(out.outputs.shape).toEqual([7, 2, 15]);
    expect(out.masks.map((m) => m.shape)).toEqual([[7, 2, 4], [7, 2, 3]]);
    // The reference: step the cells by hand.
    const [c0, c1] = rim.cells as [(typeof rim.cells)[0], (typeof rim.cells)[0]];
    let s0: RimState = c0.initialState(2);
    let s1: RimState = c1.initialState(2);
    const tops: tf.Tensor[] = [];
    for (let t = 0; t < 7; t++) {
      const r0 = c0.step(tf.squeeze(tf.slice(x, [t, 0, 0], [1, -1, -1]), [0]) as tf.Tensor2D, s0);
      s0 = r0.state;
      const masked = tf.mul(s0.h, tf.expandDims(r0.mask, 2)).reshape([2, 20]) as tf.Tensor2D;
      const r1 = c1.step(masked, s1);
      s1 = r1.state;
      tops.push(tf.reshape(s1.h, [2, 15]));
    }
    expect(maxAbsDiff(out.outputs, tf.stack(tops))).toBe(0);
    expect(maxAbsDiff(out.finalStates[1]!.h, s1.h)).toBe(0);
    params.dispose();
  });

  it('bidirectional: concatenates a second stack run over reversed time', () => {
    const params = new Parameters(new Rng(3));
    const rim = new Rim(params, { inputSize: 6, layers: [layer], bidirectional: true });
    const x = tf.randomNormal([5, 2, 6], 0, 1, 'float32', 4) as tf.Tensor3D;
    const out = rim.forward(x);
    expect(out.outputs.shape).toEqual([5, 2, 40]);
    expect(out.finalStates).toHaveLength(2);
    // The backward half at time t depends only on inputs t..T-1: changing x[0] leaves backward outputs at t >= 1 unchanged.
    const x2 = tf.concat([tf.zeros([1, 2, 6]), tf.slice(x, [1, 0, 0], [-1, -1, -1])]) as tf.Tensor3D;
    const out2 = rim.forward(x2);
    const back = (o: tf.Tensor3D) => tf.slice(o, [1, 0, 20], [-1, -1, 20]);
    expect(maxAbsDiff(back(out.outputs), back(out2.outputs))).toBe(0);
    expect(maxAbsDiff(tf.slice(out.outputs, [0, 0, 0], [1, -1, 20]), tf.slice(out2.outputs, [0, 0, 0], [1, -1, 20]))).toBeGreaterThan(0);
    expect(params.names().some((n) => n.startsWith('backward.layer0.'))).toBe(true);
    params.dispose();
  });

  it('is differentiable end to end and does not leak', async () => {
    const params = new Parameters(new Rng(5));
    const rim = new Rim(params, { inputSize: 6, layers: [layer] });
    const x = tf.randomNormal([4, 2, 6], 0, 1, 'float32', 6) as tf.Tensor3D;
    const { grads } = tf.variableGrads(() => tf.sum(rim.forward(x).outputs) as tf.Scalar, params.trainable());
    expect(Object.keys(grads)).toHaveLength(params.trainable().length);
    tf.dispose(grads);
    await expectNoLeak(() => tf.dispose(rim.forward(x, { training: true, seed: 3 })));
    params.dispose();
  });

  it('names bad configs and shapes', () => {
    const params = new Parameters(new Rng(7));
    expect(() => new Rim(params, { inputSize: 6, layers: [layer, { ...layer, topK: 9 }] })).toThrow(
      'RimConfig.layers[1].topK: must be an integer in [1, numUnits = 4], got 9',
    );
    expect(() => new Rim(params, { inputSize: 6, layers: [] })).toThrow(ConfigError);
    const rim = new Rim(params, { inputSize: 6, layers: [layer] });
    expect(() => rim.forward(tf.zeros([3, 2, 5]) as tf.Tensor3D)).toThrow(ShapeError);
    expect(() => rim.forward(tf.zeros([3, 2, 5]) as tf.Tensor3D)).toThrow("Rim.forward: 'inputs' must be [time, batch, inputSize] = [?, ?, 6], got [3, 2, 5]");
    params.dispose();
  });
});
