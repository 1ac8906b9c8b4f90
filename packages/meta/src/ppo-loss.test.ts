import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeak, useBackend } from '@rimjs/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { ppoLoss } from './ppo-loss.js';

/** The loss of one row, in plain numbers. */
function rowTerms(logits: number[], a: number, oldLogp: number, adv: number, v: number, oldV: number, ret: number, eps: number) {
  const m = Math.max(...logits);
  const z = logits.reduce((s, l) => s + Math.exp(l - m), 0);
  const logp = logits.map((l) => l - m - Math.log(z));
  const ratio = Math.exp(logp[a]! - oldLogp);
  const clipped = Math.min(Math.max(ratio, 1 - eps), 1 + eps);
  const policy = -Math.min(ratio * adv, clipped * adv);
  const vc = oldV + Math.min(Math.max(v - oldV, -eps), eps);
  const value = Math.max((v - ret) ** 2, (vc - ret) ** 2);
  const entropy = -logp.reduce((s, lp) => s + Math.exp(lp) * lp, 0);
  return { policy, value, entropy, clippedRatio: Math.abs(ratio - 1) > eps };
}

describe('ppoLoss', () => {
  beforeAll(() => useBackend('cpu'));
  const rows = {
    logits: [[0.5, -0.2, 1.0], [2.0, 0.1, -1.0], [0.0, 0.0, 0.0]],
    actions: [2, 0, 1],
    oldLogProbs: [-1.4, -0.05, -0.6], // row 1: ratio well above 1 + eps; row 2: below 1 - eps
    advantages: [0.7, 1.5, -0.4],
    values: [0.3, 0.9, -0.1],
    oldValues: [0.1, 1.2, -0.05],
    returns: [0.6, 0.4, 0.2],
  };
  const batch = () => ({
    logits: tf.tensor2d(rows.logits),
    actions: tf.tensor1d(rows.actions),
    oldLogProbs: tf.tensor1d(rows.oldLogProbs),
    advantages: tf.tensor1d(rows.advantages),
    values: tf.tensor1d(rows.values),
    oldValues: tf.tensor1d(rows.oldValues),
    returns: tf.tensor1d(rows.returns),
  });

  it('equals the clipped surrogate, clipped value loss and entropy computed by hand', () => {
    const eps = 0.2;
    const terms = rows.actions.map((a, i) => rowTerms(rows.logits[i]!, a, rows.oldLogProbs[i]!, rows.advantages[i]!, rows.values[i]!, rows.oldValues[i]!, rows.returns[i]!, eps));
    const mean = (f: (t: (typeof terms)[number]) => number) => terms.reduce((s, t) => s + f(t), 0) / terms.length;
    const b = batch();
    const r = ppoLoss(b, { clip: eps, entropyCoef: 0.01, valueCoef: 0.5, normalizeAdvantages: false });
    expect(r.policyLoss.dataSync()[0]).toBeCloseTo(mean((t) => t.policy), 5);
    expect(r.valueLoss.dataSync()[0]).toBeCloseTo(mean((t) => t.value), 5);
    expect(r.entropy.dataSync()[0]).toBeCloseTo(mean((t) => t.entropy), 5);
    expect(r.loss.dataSync()[0]).toBeCloseTo(mean((t) => t.policy) - 0.01 * mean((t) => t.entropy) + 0.5 * mean((t) => t.value), 5);
    expect(r.clipFraction.dataSync()[0]).toBeCloseTo(mean((t) => (t.clippedRatio ? 1 : 0)), 6);
    expect(terms.filter((t) => t.clippedRatio).length).toBe(2); // the case really exercises clipping
    tf.dispose([b, r as unknown as tf.TensorContainer]);
  });

  it('normalises advantages to zero mean and unit std when asked', () => {
    const eps = 0.2;
    const m = rows.advantages.reduce((a, b) => a + b, 0) / 3;
    const sd = Math.sqrt(rows.advantages.reduce((a, b) => a + (b - m) ** 2, 0) / 3);
    const norm = rows.advantages.map((a) => (a - m) / (sd + 1e-8));
    const ref = rows.actions.reduce((s, a, i) => s + rowTerms(rows.logits[i]!, a, rows.oldLogProbs[i]!, norm[i]!, 0, 0, 0, eps).policy, 0) / 3;
    const b = batch();
    const r = ppoLoss(b, { clip: eps, entropyCoef: 0, valueCoef: 0, normalizeAdvantages: true });
    expect(r.policyLoss.dataSync()[0]).toBeCloseTo(ref, 5);
    tf.dispose([b, r as unknown as tf.TensorContainer]);
  });

  it('does not leak', async () => {
    const b = batch();
    await expectNoLeak(() => tf.dispose(ppoLoss(b, { clip: 0.2, entropyCoef: 0.01, valueCoef: 0.5, normalizeAdvantages: true }) as unknown as tf.TensorContainer));
    tf.dispose(b);
  });
});
