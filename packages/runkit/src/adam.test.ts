import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, normal, Parameters, Rng } from '@rimjs/core';
import { useBackend } from '@rimjs/core/testing';
import { applyWeightDecay, createAdam, setLearningRate } from './index.js';

/**
 * PyTorch's AdamW on one parameter (float64): `p *= 1 - lr wd` when decayed, then Adam with
 * bias correction and epsilon outside the square root. The independent reference.
 */
class ReferenceAdamW {
  private m: number[];
  private v: number[];
  private t = 0;
  constructor(readonly p: number[], private readonly decayed: boolean) {
    this.m = p.map(() => 0);
    this.v = p.map(() => 0);
  }
  step(grad: number[], lr: number, wd: number): void {
    this.t += 1;
    const [b1, b2, eps] = [0.9, 0.999, 1e-8];
    for (let i = 0; i < this.p.length; i++) {
      if (this.decayed) this.p[i]! *= 1 - lr * wd;
      this.m[i] = b1 * this.m[i]! + (1 - b1) * grad[i]!;
      this.v[i] = b2 * this.v[i]! + (1 - b2) * grad[i]! ** 2;
      const mHat = this.m[i]! / (1 - b1 ** this.t);
      const vHat = this.v[i]! / (1 - b2 ** this.t);
      this.p[i]! -= (lr * mHat) / (Math.sqrt(vHat) + eps);
    }
  }
}

describe('applyWeightDecay', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('with createAdam is PyTorch AdamW step for step: matrices decayed, vectors not', () => {
    const params = new Parameters(new Rng(3));
    params.add('a', [3, 2], normal()); // decayed
    params.add('b', [2], normal()); // a bias: not decayed
    const [a, b] = params.trainable() as [tf.Variable, tf.Variable];
    const refA = new ReferenceAdamW(Array.from(a.dataSync()), true);
    const refB = new ReferenceAdamW(Array.from(b.dataSync()), false);
    const target = [1, -1];
    const opt = createAdam(0.05);
    const before = tf.memory().numTensors;
    for (const lr of [0.05, 0.04, 0.03, 0.02, 0.01]) {
      // Loss sum_j (sum_i a[i][j] - target[j] - b[j])^2; gradients by hand for the reference.
      const r = [0, 1].map((j) => [0, 1, 2].reduce((s, i) => s + refA.p[i * 2 + j]!, 0) - target[j]! - refB.p[j]!);
      refA.step([0, 1, 2].flatMap(() => [2 * r[0]!, 2 * r[1]!]), lr, 0.5);
      refB.step([-2 * r[0]!, -2 * r[1]!], lr, 0.5);
      setLearningRate(opt, lr);
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(tf.sub(tf.sum(a, 0), tf.add(tf.tensor1d(target), b)))) as tf.Scalar, [a, b]);
      applyWeightDecay([a, b], lr, 0.5);
      opt.applyGradients(grads as tf.NamedTensorMap as Record<string, tf.Variable>);
      tf.dispose([value, ...Object.values(grads)]);
    }
    expect(tf.memory().numTensors).toBe(before + 4); // Adam's two moments per parameter, made at its first step
    const got = [...a.dataSync(), ...b.dataSync()];
    const want = [...refA.p, ...refB.p];
    got.forEach((x, i) => expect(x).toBeCloseTo(want[i]!, 5));
    params.dispose();
    opt.dispose();
  });

  it('leaves every variable as it was at weight decay 0, and refuses a negative or non-finite rate', () => {
    const params = new Parameters(new Rng(1));
    const w = params.add('w', [2, 2], normal());
    const was = Array.from(w.dataSync());
    applyWeightDecay([w], 0.1, 0);
    expect(Array.from(w.dataSync())).toEqual(was);
    applyWeightDecay([w], 0.1, 1);
    Array.from(w.dataSync()).forEach((x, i) => expect(x).toBeCloseTo(was[i]! * 0.9, 6));
    expect(() => applyWeightDecay([w], 0.1, -1)).toThrow(ConfigError);
    expect(() => applyWeightDecay([w], Number.NaN, 0.1)).toThrow(/lr must be a finite number >= 0, got NaN/);
    params.dispose();
  });
});
