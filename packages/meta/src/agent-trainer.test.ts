import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, Parameters, Rng } from '@rimjs/core';
import { expectNoLeak, useBackend } from '@rimjs/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { AgentTrainer, type TrainerConfig } from './agent-trainer.js';

const base: TrainerConfig = {
  policy: { core: 'lstm' },
  ppo: { recurrence: 8, epochs: 4, numMinibatches: 4 },
  scheme: 'joint',
  lrFast: 1e-3,
  lrSlow: 3e-4,
  innerSteps: 1,
  trainTasks: [{ level: 'GoToObj', roomSize: 5 }],
  evalTasks: [{ level: 'GoToObj', roomSize: 5 }],
  numEnvs: 16,
  rolloutLength: 32,
  evalEpisodes: 32,
  seed: 1,
};

describe('AgentTrainer', () => {
  beforeAll(() => useBackend('wasm'));

  it('PPO, CI-sized: an LSTM agent on GoToObj (5x5) gets better in 6144 frames, training and held-out', () => {
    const params = new Parameters(new Rng(1));
    const trainer = new AgentTrainer(params, base);
    const before = trainer.evaluate();
    const logs = Array.from({ length: 6 }, () => trainer.iterate());
    const after = trainer.evaluate();
    expect(logs[5]!.frames).toBe(6144);
    expect(logs[5]!.meanReturn).toBeGreaterThan(logs[0]!.meanReturn + 0.1);
    expect(after.meanReturn).toBeGreaterThan(before.meanReturn + 0.1);
    expect(after.successRate).toBeGreaterThan(before.successRate);
    trainer.dispose();
    params.dispose();
  });

  it('is deterministic under a seed (every scheme), and does not leak over iterations', async () => {
    const run = (scheme: TrainerConfig['scheme']) => {
      const params = new Parameters(new Rng(7));
      const t = new AgentTrainer(params, { ...base, policy: { core: 'rim' }, scheme, numEnvs: 4, rolloutLength: 8, evalEpisodes: 4, ppo: { recurrence: 4, epochs: 1, numMinibatches: 2 } });
      const logs = [t.iterate(), t.iterate()].map((l) => [l.task, l.frames, l.meanReturn, l.update.loss]);
      const ev = t.evaluate().meanReturn;
      return { t, params, out: JSON.stringify([logs, ev]) };
    };
    for (const scheme of ['meta', 'reversed', 'joint'] as const) {
      const a = run(scheme);
      const b = run(scheme);
      expect(a.out).toBe(b.out);
      if (scheme === 'meta') await expectNoLeak(() => a.t.iterate(), { iterations: 2, label: 'AgentTrainer.iterate' });
      for (const x of [a, b]) {
        x.t.dispose();
        x.params.dispose();
      }
    }
    expect(tf.memory().numTensors).toBeLessThan(50);
  });

  it('checks its config', () => {
    expect(() => new AgentTrainer(new Parameters(new Rng(1)), { ...base, rolloutLength: 12, trainTasks: [{ level: 'Nope' }] })).toThrow(ConfigError);
    try {
      new AgentTrainer(new Parameters(new Rng(1)), { ...base, rolloutLength: 12, trainTasks: [{ level: 'Nope' }] });
    } catch (e) {
      expect((e as ConfigError).problems[0]).toMatch(/^TrainerConfig.trainTasks\[0\].level: must be one of "GoToGoal"/);
      expect((e as ConfigError).problems[1]).toBe('TrainerConfig.rolloutLength: must be a multiple of ppo.recurrence = 8, got 12');
    }
    expect(() => new AgentTrainer(new Parameters(new Rng(1)), { ...base, scheme: 'meta' })).toThrow(/needs a RIM policy/);
  });
});
