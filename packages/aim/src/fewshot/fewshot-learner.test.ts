import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { Parameters, Rng } from '@rimjs/core';
import { expectNoLeak, maxAbsDiff, useBackend } from '@rimjs/core/testing';
import { FewshotLearner, type EpisodeFeatures } from '../index.js';

/** 5-way episodes of noisy class centres in 12-d, 2 support and 4 queries per class. */
function episode(seed: number): EpisodeFeatures {
  const rng = new Rng(seed);
  const centres = Array.from({ length: 5 }, () => Array.from({ length: 12 }, () => rng.normal()));
  const draw = (n: number) => centres.flatMap((c) => Array.from({ length: n }, () => c.map((v) => v + 0.8 * rng.normal())));
  const labels = (n: number) => tf.tensor1d(Array.from({ length: 5 * n }, (_, i) => Math.floor(i / n)), 'int32');
  return { nWay: 5, support: tf.tensor2d(draw(2)), supportLabels: labels(2), query: tf.tensor2d(draw(4)), queryLabels: labels(4) };
}

describe('FewshotLearner', () => {
  beforeAll(() => useBackend('cpu'));
  const lr = { head: 0.02, aimOuter: 0.1, aimInner: 0.06 };

  it('learns: the AIM arm\'s query loss falls over training episodes', () => {
    const learner = new FewshotLearner(new Parameters(new Rng(1)), { featureSize: 12, aim: { numUnits: 6, topK: 2, hiddenSize: 8, keySize: 8, valueSize: 12 }, candidates: 3, lr });
    const rng = new Rng(2);
    const losses: number[] = [];
    for (let e = 0; e < 60; e++) {
      const ep = episode(100 + (e % 10));
      losses.push(learner.trainEpisode(ep, rng));
      tf.dispose(ep as unknown as tf.TensorContainer);
    }
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(losses.slice(-10))).toBeLessThan(0.8 * mean(losses.slice(0, 10)));
    learner.dispose();
  });

  it('evaluates on a copy: adapting changes the answer, not the layer; leak-free', async () => {
    const learner = new FewshotLearner(new Parameters(new Rng(1)), { featureSize: 12, aim: { numUnits: 6, topK: 2, hiddenSize: 8, keySize: 8, valueSize: 12 }, candidates: null, lr: { ...lr, aimInner: 5 } });
    const before = tf.clone(learner.aim!.weights()['value.weight']);
    const ep = episode(7);
    const adapted = learner.evaluateEpisode(ep);
    const plain = learner.evaluateEpisode(ep, { adapt: false });
    expect(adapted).toBeGreaterThanOrEqual(0);
    expect(adapted).not.toBe(plain); // a large adaptation step moves the predictions
    expect(maxAbsDiff(before, learner.aim!.weights()['value.weight'])).toBe(0);
    await expectNoLeak(() => learner.evaluateEpisode(ep));
    await expectNoLeak(() => learner.trainEpisode(ep, new Rng(1)));
    tf.dispose([before, ep as unknown as tf.Tensor]);
    const noAim = new FewshotLearner(new Parameters(new Rng(1)), { featureSize: 12, aim: null, candidates: null, lr });
    const ep2 = episode(8);
    expect(noAim.evaluateEpisode(ep2)).toBeGreaterThan(0.6); // prototypes on separable centres
    tf.dispose(ep2 as unknown as tf.TensorContainer);
    noAim.dispose();
    learner.dispose();
  });
});
