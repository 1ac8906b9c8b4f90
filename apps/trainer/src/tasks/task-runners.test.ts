import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { AddingTask, SequentialMnist, npmMnistSplits } from '@rimjs/datasets';
import { createSequenceModel } from '@rimjs/rim';
import { AddingRunner } from './adding-runner.js';
import { CopyingRunner } from './copying-runner.js';
import { metricKeys } from './metric-keys.js';
import { MnistRunner } from './mnist-runner.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const copyingSpec = { kind: 'copying', trainDelay: 5, testDelay: 9, oodDelays: [20], numSymbols: 3, symbolRange: 4 } as const;

describe('CopyingRunner', () => {
  it('scores uniform logits at ln(vocab) and a perfect copier at 0 / 100 %', () => {
    const runner = new CopyingRunner({ ...copyingSpec, oodDelays: [...copyingSpec.oodDelays] });
    const vocab = 6;
    const uniform = (x: tf.Tensor): tf.Tensor3D => tf.zeros([x.shape[0]!, x.shape[1]!, vocab]) as tf.Tensor3D;
    const u = runner.evaluate(uniform, { phase: 'train', size: 10, batch: 4 });
    expect(Object.keys(u)).toEqual(metricKeys(runner.spec, 'train'));
    for (const [k, v] of Object.entries(u)) {
      if (k.includes('.ce')) expect(v).toBeCloseTo(Math.log(vocab), 5);
    }
    // A copier that reads the inputs: blanks until the last n steps, then the first n input symbols.
    const n = 3;
    const perfect = (x: tf.Tensor): tf.Tensor3D => {
      const [time, batch] = x.shape as [number, number];
      const xs = x.arraySync() as number[][];
      const target = Array.from({ length: time }, (_, t) => Array.from({ length: batch }, (_, b) => (t >= time - n ? xs[t - (time - n)]![b]! : 0)));
      return tf.mul(tf.oneHot(tf.tensor2d(target, [time, batch], 'int32'), vocab), 30) as tf.Tensor3D;
    };
    const p = runner.evaluate(perfect, { phase: 'ood', size: 7, batch: 3 });
    expect(Object.keys(p)).toEqual(metricKeys(runner.spec, 'ood'));
    expect(p['test.T20.accLast3']).toBe(1);
    expect(p['train.T5.ceLast3']).toBeLessThan(1e-9);
    const before = tf.memory().numTensors;
    runner.evaluate(perfect, { phase: 'ood', size: 7, batch: 3 });
    expect(tf.memory().numTensors).toBe(before);
    runner.dispose();
  });
});

describe('CopyingRunner.evaluateWithCensus', () => {
  it('counts the sequences whose symbols sleeping units hold, with the accuracy there and elsewhere, through the tensors', () => {
    const runner = new CopyingRunner({ ...copyingSpec, oodDelays: [20] });
    const n = 3;
    const vocab = 6;
    // Unit 0 reads the symbols and sleeps from then on; unit 1 is always active; unit 2 sleeps
    // only in odd sequences (and never reads a symbol). Even sequences are copied, odd ones get
    // blanks where the symbols belong. Parity is within each chunk of 3: sequences 1 and 4 are odd.
    const forward = (x: tf.Tensor) => {
      const [time, batch] = x.shape as [number, number];
      const xs = x.arraySync() as number[][];
      const masks = Array.from({ length: time }, (_, t) => Array.from({ length: batch }, (_, b) => [t < n ? 1 : 0, 1, t < n || b % 2 === 1 ? 0 : 1]));
      const out = Array.from({ length: time }, (_, t) => Array.from({ length: batch }, (_, b) => (t >= time - n && b % 2 === 0 ? xs[t - (time - n)]![b]! : 0)));
      return {
        logits: tf.mul(tf.oneHot(tf.tensor2d(out, [time, batch], 'int32'), vocab), 30) as tf.Tensor3D,
        masks: tf.tensor3d(masks, [time, batch, 3]),
      };
    };
    const before = tf.memory().numTensors;
    const { metrics, census: found } = runner.evaluateWithCensus(forward, { size: 7, batch: 3 });
    const census = found!;
    // The same pass gives evaluate's metrics, to the last bit: 5 of 7 sequences copied.
    expect(metrics).toEqual(runner.evaluate((x) => forward(x).logits, { phase: 'ood', size: 7, batch: 3 }));
    expect(metrics['test.T20.accLast3']).toBeCloseTo(5 / 7, 6);
    runner.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(census.map((c) => c.delay)).toEqual([5, 9, 20]);
    for (const c of census) {
      expect(c.sequences).toBe(7);
      expect(c.formed).toBe(1);
      expect(c.accuracyFormed).toBeCloseTo(5 / 7, 6);
      expect(c.accuracyOther).toBeNull();
      expect(c.groups).toEqual([
        { sleepers: [0], share: 5 / 7, formed: 1, accuracy: 1 },
        { sleepers: [0, 2], share: 2 / 7, formed: 1, accuracy: 0 },
      ]);
    }
    // A model without masks (an LSTM) has no census.
    const noMasks = new CopyingRunner({ ...copyingSpec, oodDelays: [20] });
    const plain = noMasks.evaluateWithCensus((x) => ({ logits: tf.zeros([x.shape[0]!, x.shape[1]!, vocab]) as tf.Tensor3D, masks: null }), { size: 4, batch: 4 });
    expect(plain.census).toBeNull();
    expect(plain.metrics['test.T20.ceLast3']).toBeCloseTo(Math.log(vocab), 5);
    noMasks.dispose();
  });

  it('finds no sleeping unit in a RIM with every unit active (topK = units)', () => {
    const runner = new CopyingRunner({ ...copyingSpec, oodDelays: [20] });
    const model = createSequenceModel({ kind: 'rim', input: { kind: 'tokens', vocabSize: 6, embeddingSize: 8 }, outputSize: 6, layers: [{ numUnits: 3, topK: 3, hidden: 4 }], seed: 1 });
    const census = runner.evaluateWithCensus((x) => model.forward(x, { training: false }), { size: 5, batch: 5 }).census!;
    model.dispose();
    runner.dispose();
    for (const c of census) {
      expect(c.formed).toBe(0);
      expect(c.groups.map((g) => g.sleepers)).toEqual([[]]);
    }
  });
});

describe('CopyingRunner with trainDelayMin', () => {
  it('gives each training batch its own gap in [trainDelayMin, trainDelay], the same for the same seed and step', () => {
    const varied = new CopyingRunner({ ...copyingSpec, oodDelays: [20], trainDelayMin: 2 });
    const fixed = new CopyingRunner({ ...copyingSpec, oodDelays: [20] });
    const seen = new Set<number>();
    for (let step = 0; step < 60; step++) {
      const delay = varied.trainDelayAt(step, 7);
      expect(delay).toBe(varied.trainDelayAt(step, 7));
      seen.add(delay);
      const b = varied.trainBatch(step, 4, 7);
      // symbols, delay - 1 blanks, the marker, then n blanks: time = delay + 2n
      expect(b.inputs.shape).toEqual([delay + 6, 4]);
      const x = b.inputs.arraySync() as number[][];
      expect(x[delay + 2]).toEqual([5, 5, 5, 5]);
      tf.dispose([b.inputs, b.targets]);
      expect(fixed.trainDelayAt(step, 7)).toBe(5);
    }
    expect([...seen].sort()).toEqual([2, 3, 4, 5]);
    const other = Array.from({ length: 60 }, (_, s) => varied.trainDelayAt(s, 8));
    expect(other).not.toEqual(Array.from({ length: 60 }, (_, s) => varied.trainDelayAt(s, 7)));
    // at trainDelay the batch is the fixed task's, so runs without trainDelayMin keep their data
    const step = Array.from({ length: 60 }, (_, s) => s).find((s) => varied.trainDelayAt(s, 7) === 5)!;
    const [a, b] = [varied.trainBatch(step, 4, 7), fixed.trainBatch(step, 4, 7)];
    expect(a.inputs.arraySync()).toEqual(b.inputs.arraySync());
    tf.dispose([a.inputs, a.targets, b.inputs, b.targets]);
    varied.dispose();
    fixed.dispose();
  });
});

describe('AddingRunner', () => {
  it('scores a zero output at mean(target^2)', () => {
    const runner = new AddingRunner({ kind: 'adding', trainLength: 10, testLength: 20, oodLengths: [30] });
    const zero = (x: tf.Tensor): tf.Tensor3D => tf.zeros([x.shape[0]!, x.shape[1]!, 1]) as tf.Tensor3D;
    const m = runner.evaluate(zero, { phase: 'ood', size: 12, batch: 5 });
    expect(Object.keys(m)).toEqual(['train.L10.mse', 'test.L20.mse', 'test.L30.mse']);
    for (const length of [10, 20, 30]) {
      const set = new AddingTask({ length }).evaluationSet({ size: 12, seed: 0 });
      const y = set.targets.dataSync();
      const expected = Array.from(y).reduce((s, v) => s + v * v, 0) / y.length;
      tf.dispose(set);
      expect(m[`${length === 10 ? 'train' : 'test'}.L${length}.mse`]).toBeCloseTo(expected, 6);
    }
    runner.dispose();
  });
});

describe('MnistRunner', () => {
  it('scores "always class 1" at the share of ones among the labels, at every side', () => {
    const runner = new MnistRunner({ kind: 'mnist', trainSide: 14, testSides: [14, 24] });
    const one = (x: tf.Tensor): tf.Tensor3D => tf.tidy(() => tf.tile(tf.oneHot([1], 10).reshape([1, 1, 10]), [x.shape[0]!, x.shape[1]!, 1]) as tf.Tensor3D);
    const m = runner.evaluate(one, { phase: 'ood', size: 50, batch: 20 });
    expect(Object.keys(m)).toEqual(metricKeys(runner.spec, 'ood'));
    const { validation, test } = npmMnistSplits();
    const share = (digits: typeof test): number => Array.from(digits.labels.subarray(0, 50)).filter((l) => l === 1).length / 50;
    expect(m['valid.px14.acc']).toBeCloseTo(share(validation), 6);
    expect(m['test.px24.acc']).toBeCloseTo(share(test), 6);
    const b = runner.trainBatch(3, 4, 7);
    const ref = new SequentialMnist(npmMnistSplits().train, { side: 14 }).batchAt(3, 4, 7);
    expect(Array.from(b.targets.dataSync())).toEqual(Array.from(ref.labels.data));
    tf.dispose([b.inputs, b.targets]);
    runner.dispose();
  });
});
