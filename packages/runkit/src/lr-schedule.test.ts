import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '@rimjs/core';
import { useBackend } from '@rimjs/core/testing';
import { createAdam, firstDifferentRate, learningRateAt, setLearningRate } from './index.js';

describe('learningRateAt', () => {
  const cosine = { lr: 1e-3, schedule: 'cosine', warmupSteps: 0, steps: 100 } as const;

  it('holds lr under the constant schedule', () => {
    for (const s of [0, 1, 50, 99, 500]) expect(learningRateAt({ ...cosine, schedule: 'constant' }, s)).toBe(1e-3);
  });

  it('follows a half cosine from lr to 0 over the run', () => {
    expect(learningRateAt(cosine, 0)).toBeCloseTo(1e-3, 12);
    expect(learningRateAt(cosine, 25)).toBeCloseTo(1e-3 * (1 + Math.SQRT1_2) / 2, 12); // cos(pi/4)
    expect(learningRateAt(cosine, 50)).toBeCloseTo(5e-4, 12);
    expect(learningRateAt(cosine, 99)).toBeCloseTo(1e-3 * (1 + Math.cos((Math.PI * 99) / 100)) / 2, 12);
    expect(learningRateAt(cosine, 100)).toBe(0);
    expect(learningRateAt(cosine, 150)).toBe(0); // past the end it stays at 0
  });

  it('warms up linearly, then the cosine runs over the remaining steps', () => {
    const w = { ...cosine, warmupSteps: 10 };
    expect(learningRateAt(w, 0)).toBeCloseTo(1e-4, 12);
    expect(learningRateAt(w, 4)).toBeCloseTo(5e-4, 12);
    expect(learningRateAt(w, 9)).toBeCloseTo(1e-3, 12);
    expect(learningRateAt(w, 10)).toBeCloseTo(1e-3, 12);
    expect(learningRateAt(w, 55)).toBeCloseTo(5e-4, 12);
    expect(learningRateAt({ ...w, schedule: 'constant' }, 4)).toBeCloseTo(5e-4, 12);
  });

  it('wsd holds lr, then falls linearly over the last decaySteps; before the decay it is the constant schedule', () => {
    const wsd = { lr: 3e-3, schedule: 'wsd', warmupSteps: 0, steps: 100, decaySteps: 20 } as const;
    for (const s of [0, 50, 79]) expect(learningRateAt(wsd, s)).toBe(3e-3);
    expect(learningRateAt(wsd, 80)).toBe(3e-3); // (100 - 80) / 20
    expect(learningRateAt(wsd, 90)).toBeCloseTo(1.5e-3, 15);
    expect(learningRateAt(wsd, 99)).toBeCloseTo(1.5e-4, 15); // lr / decaySteps at the last update
    expect(learningRateAt(wsd, 100)).toBe(0);
    expect(learningRateAt(wsd, 150)).toBe(0);
    expect(learningRateAt({ ...wsd, warmupSteps: 10 }, 4)).toBeCloseTo(1.5e-3, 15);
    expect(learningRateAt({ ...wsd, decaySteps: 100 }, 0)).toBe(3e-3);
    expect(learningRateAt({ ...wsd, decaySteps: 100 }, 50)).toBeCloseTo(1.5e-3, 15);
    expect(() => learningRateAt({ ...wsd, decaySteps: 0 }, 0)).toThrow('learningRateAt.decaySteps: must be an integer in [1, steps - warmupSteps = 100], got 0');
    expect(() => learningRateAt({ ...wsd, warmupSteps: 10, decaySteps: 91 }, 0)).toThrow('decaySteps: must be an integer in [1, steps - warmupSteps = 90], got 91');
    expect(() => learningRateAt({ ...wsd, decaySteps: undefined }, 0)).toThrow(ConfigError);
    expect(() => learningRateAt({ ...cosine, decaySteps: 5 }, 0)).toThrow('decaySteps: applies to the wsd schedule only; the cosine schedule takes 0 or none, got 5');
  });

  it('firstDifferentRate: the first update two schedules disagree on, before a step', () => {
    const constant = { lr: 3e-3, schedule: 'constant', warmupSteps: 0, steps: 8000 } as const;
    const wsd = { lr: 3e-3, schedule: 'wsd', warmupSteps: 0, steps: 9000, decaySteps: 1000 } as const;
    expect(firstDifferentRate(constant, wsd, 8000)).toBeNull();
    expect(firstDifferentRate(constant, wsd, 8001)).toBeNull(); // the decay's first update still takes lr
    expect(firstDifferentRate(constant, wsd, 8002)).toBe(8001);
    expect(firstDifferentRate(constant, { ...wsd, decaySteps: 1500 }, 8000)).toBe(7501);
    expect(firstDifferentRate(constant, { ...constant, lr: 1e-3 }, 8000)).toBe(0);
    const cos = { ...constant, schedule: 'cosine' } as const;
    expect(firstDifferentRate(cos, { ...cos, steps: 6000 }, 3000)).toBe(1); // a cosine of another length differs from its second update
    expect(firstDifferentRate(cos, cos, 0)).toBeNull();
  });

  it('names every bad field', () => {
    expect(() => learningRateAt({ lr: 0, schedule: 'linear' as 'cosine', warmupSteps: 100, steps: 100 }, -1)).toThrow(ConfigError);
    try {
      learningRateAt({ lr: 0, schedule: 'linear' as 'cosine', warmupSteps: 100, steps: 100 }, -1);
    } catch (e) {
      const m = (e as Error).message;
      for (const f of ['lr', 'schedule', 'warmupSteps', 'step']) expect(m).toContain(f);
      expect(m).toContain('got "linear"');
    }
  });
});

describe('setLearningRate', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it("changes the size of Adam's next update and nothing else", () => {
    const update = (lr: number | null): number =>
      tf.tidy(() => {
        const v = tf.variable(tf.scalar(1));
        const opt = createAdam(1e-2);
        if (lr !== null) setLearningRate(opt, lr);
        opt.applyGradients({ [v.name]: tf.scalar(3) } as tf.NamedTensorMap as Record<string, tf.Variable>); // Adam's first step moves by lr * sign(grad)
        const moved = 1 - v.dataSync()[0]!;
        opt.dispose();
        v.dispose();
        return moved;
      });
    expect(update(null)).toBeCloseTo(1e-2, 6);
    expect(update(2.5e-3)).toBeCloseTo(2.5e-3, 6);
    const before = tf.memory().numTensors;
    update(1e-3);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses an optimizer without a numeric learningRate', () => {
    const fake = { getClassName: () => 'Fake' } as unknown as tf.Optimizer;
    expect(() => setLearningRate(fake, 1e-3)).toThrow(/Fake has no numeric learningRate/);
  });
});
