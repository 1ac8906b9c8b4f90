import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { Parameters, Rng } from '@rimjs/core';
import { expectNoLeak, maxAbsDiff, useBackend } from '@rimjs/core/testing';
import { OmlLearner, type OmlConfig } from '../index.js';

const CONFIG: OmlConfig = { featureSize: 10, slowSize: 12, hidden: 8, numClasses: 6, aim: { numUnits: 5, topK: 2, hiddenSize: 4, keySize: 4 }, l2: true, candidates: 3 };

/** `perClass` noisy copies of 6 class centres, class-major. */
function features(seed: number, perClass: number, classes = 6): tf.Tensor2D {
  const centres = Array.from({ length: classes }, (_, c) => Array.from({ length: 10 }, (_, i) => (i === c ? 3 : 0)));
  const rng = new Rng(seed);
  return tf.tensor2d(centres.flatMap((c) => Array.from({ length: perClass }, () => c.map((v) => v + 0.3 * rng.normal()))));
}

describe('OmlLearner', () => {
  beforeAll(() => useBackend('cpu'));

  it('a meta step resets the class row, updates slow and fast weights, and leaks nothing', async () => {
    const learner = new OmlLearner(new Parameters(new Rng(1)), CONFIG);
    const slow0 = tf.clone(learner.vars['slow.weight']!);
    const aim0 = tf.clone(learner.vars['aim.value.weight']!);
    const opt = tf.train.adam(1e-2);
    const traj = features(1, 3).slice([6, 0], [3, 10]) as tf.Tensor2D; // class 2
    const rand = features(2, 2);
    const labels = tf.tensor1d([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5], 'int32');
    const loss = learner.metaTrainStep(2, traj, rand, labels, 0.01, opt, new Rng(3));
    expect(Number.isFinite(loss)).toBe(true);
    expect(maxAbsDiff(slow0, learner.vars['slow.weight']!)).toBeGreaterThan(0);
    expect(maxAbsDiff(aim0, learner.vars['aim.value.weight']!)).toBeGreaterThan(0);
    expect(learner.fastNames().some((n) => n.startsWith('slow.'))).toBe(false);
    await expectNoLeak(() => learner.metaTrainStep(1, traj, rand, labels, 0.01, opt, new Rng(4)), { iterations: 2 });
    tf.dispose([slow0, aim0, traj, rand, labels]);
    opt.dispose();
    learner.dispose();
  });

  it.each([['with AIM', CONFIG], ['without AIM, no L2', { ...CONFIG, aim: null, l2: false }]] as const)(
    'learns the first classes of an easy stream online (%s) without changing its own weights', async (_, config) => {
      const learner = new OmlLearner(new Parameters(new Rng(2)), config);
      const w0 = tf.clone(learner.vars['fast.weight']!);
      const stream = features(5, 8);
      const held = features(6, 3);
      const acc = learner.streamAccuracy(stream, 8, held, 3, [2, 6], 3e-2, 9);
      expect(acc).toHaveLength(2);
      expect(acc[0]).toBeGreaterThan(0.8); // the first classes are learned online (later ones interfere: that is what OML and AIM address)
      expect(maxAbsDiff(w0, learner.vars['fast.weight']!)).toBe(0);
      await expectNoLeak(() => learner.streamAccuracy(stream, 8, held, 3, [2], 1e-3, 1), { iterations: 1 });
      tf.dispose([w0, stream, held]);
      learner.dispose();
    });
});
