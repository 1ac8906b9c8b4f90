import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { TwoSourceMarkov } from '@rimjs/datasets';
import { useBackend } from '@rimjs/core/testing';
import { entropyBits, type EvaluatedModel, evaluateMarkov, markovSet, oracleLoss } from './markov-evaluate.js';

/**
 * A hand-made model: zero logits over `vocab` tokens and one competition per entry of `winnerOf`,
 * one-hot on `winnerOf[l](token)` over `ns` mechanisms (token ids `>= 8` are source 1 in the default task).
 */
function handMade(vocab: number, ns: number, winnerOf: Array<(token: number) => number>): EvaluatedModel {
  return {
    forward: (x) => {
      const [batch, time] = x.shape;
      const tokens = x.dataSync();
      return {
        logits: tf.zeros([batch, time, vocab]) as tf.Tensor3D,
        competition: winnerOf.map((f) => {
          const w = Int32Array.from(tokens, (t) => f(t));
          return tf.tidy(() => tf.oneHot(tf.tensor2d(w, [batch, time], 'int32'), ns).cast('float32')) as tf.Tensor3D;
        }),
      };
    },
  };
}

describe('evaluateMarkov', () => {
  beforeAll(() => useBackend('cpu'));
  const task = new TwoSourceMarkov({ time: 16 });
  const set = markovSet(task, 40, 'held-out');

  it('gives H(source) bits when the winner is the source, 0 when it is constant, and chunking does not change it', async () => {
    const h = entropyBits(set.source);
    expect(h).toBeGreaterThan(0.9); // two sources, about equally frequent
    const sourceOf = (t: number) => (t >= 8 ? 1 : 0);
    const model = handMade(16, 4, [
      (t) => 3 - sourceOf(t), // winner = a relabelling of the source
      () => 2, // always the same mechanism
      (t) => 2 * sourceOf(t) + (t % 2), // source plus a bit of the token: still determines the source
    ]);
    const before = tf.memory().numTensors;
    for (const chunk of [40, 7]) {
      const e = await evaluateMarkov(model, set, chunk);
      expect(e.mi[0]).toBeCloseTo(h, 10);
      expect(e.mi[1]).toBe(0);
      expect(e.mi[2]).toBeCloseTo(h, 10);
      expect(e.loss).toBeCloseTo(Math.log(16), 5); // zero logits: uniform over 16 tokens
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gives I(source; winner) of a winner that is the source on part of the positions only', async () => {
    // winner = source where the token is even, mechanism 0 elsewhere: counted by hand from the set
    const sourceOf = (t: number) => (t >= 8 ? 1 : 0);
    const f = (t: number) => (t % 2 === 0 ? 1 + sourceOf(t) : 0);
    const e = await evaluateMarkov(handMade(16, 3, [f]), set, 16);
    const n = set.source.length;
    const joint = new Map<string, number>();
    const winners = Array.from(set.tokens, f);
    for (let i = 0; i < n; i++) joint.set(`${set.source[i]},${winners[i]}`, (joint.get(`${set.source[i]},${winners[i]}`) ?? 0) + 1);
    const px = [0, 1].map((a) => Array.from(set.source).filter((s) => s === a).length / n);
    const py = [0, 1, 2].map((b) => winners.filter((w) => w === b).length / n);
    let mi = 0;
    for (const [k, c] of joint) {
      const [a, b] = k.split(',').map(Number) as [number, number];
      mi += (c / n) * Math.log2(c / n / (px[a]! * py[b]!));
    }
    expect(mi).toBeGreaterThan(0.1);
    expect(mi).toBeLessThan(entropyBits(set.source) - 0.1);
    expect(e.mi[0]).toBeCloseTo(mi, 10);
  });
});

describe('oracleLoss', () => {
  it('is the README value on the default task, and 0 for deterministic chains that never switch', () => {
    const task = new TwoSourceMarkov();
    expect(oracleLoss(task, markovSet(task, 512, 'held-out'))).toBeCloseTo(0.8599, 4);
    const still = new TwoSourceMarkov({ sources: 3, branching: 1, switchProbability: 0, time: 20 });
    expect(oracleLoss(still, markovSet(still, 8, 1))).toBe(0);
  });

  it('counts a switch as p / (sources - 1) times the new source\'s chain', () => {
    // three deterministic chains, always switching: each next token has probability 1/2 once both other chains have emitted
    const task = new TwoSourceMarkov({ sources: 3, branching: 1, switchProbability: 1, time: 30 });
    const set = markovSet(task, 4, 2);
    const loss = oracleLoss(task, set);
    // the first few positions pay more (a chain that has not emitted yet is at a uniform state): at least ln 2, not much more
    expect(loss).toBeGreaterThan(Math.log(2) - 1e-12);
    expect(loss).toBeLessThan(Math.log(2) + 0.3);
  });
});
