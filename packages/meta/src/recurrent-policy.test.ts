import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, Parameters, Rng, ShapeError } from '@rimjs/core';
import { expectNoLeak, maxAbsDiff, useBackend } from '@rimjs/core/testing';
import { observationTensors, VecGridEnv } from '@rimjs/envs';
import { beforeAll, describe, expect, it } from 'vitest';
import { RecurrentPolicy } from './recurrent-policy.js';

function observations(time: number, n: number) {
  const env = new VecGridEnv('GoToLocal', { numEnvs: n, seed: 4, roomSize: 6, numDistractors: 3 });
  const obs = [env.reset().observation];
  const rng = new Rng(5);
  for (let t = 1; t < time; t++) obs.push(env.step(Int32Array.from({ length: n }, () => rng.int(7))).observation);
  return obs;
}

describe.each(['lstm', 'rim'] as const)('RecurrentPolicy (%s core)', (core) => {
  beforeAll(() => useBackend('wasm'));

  it('forwardSequence equals step-by-step steps with the state reset where keep is 0', () => {
    const policy = new RecurrentPolicy(new Parameters(new Rng(1)), { core });
    const time = 5;
    const n = 3;
    const obs = observations(time, n);
    const keep = [[1, 1, 1], [1, 0, 1], [1, 1, 1], [0, 1, 1], [1, 1, 0]];
    let state = policy.initialState(n);
    const logits: tf.Tensor[] = [];
    const values: tf.Tensor[] = [];
    for (let t = 0; t < time; t++) {
      if (t > 0) {
        const k = tf.tensor1d(keep[t]!);
        const kb = tf.reshape(k, [n, ...state.h.shape.slice(1).map(() => 1)]);
        const next = { h: tf.mul(state.h, kb), c: tf.mul(state.c, kb) };
        tf.dispose([k, kb, state]);
        state = next;
      }
      const input = observationTensors(obs[t]!);
      const r = policy.step(input, state);
      tf.dispose([input, state, r.mask ?? []]);
      logits.push(r.logits);
      values.push(r.value);
      state = r.state;
    }
    const all = obs.map((o) => observationTensors(o));
    const image = tf.concat(all.map((a) => a.image)) as tf.Tensor4D;
    const tokens = tf.concat(all.map((a) => a.missionTokens)) as tf.Tensor2D;
    const s0 = policy.initialState(n);
    const keepT = tf.tensor2d(keep);
    const seq = policy.forwardSequence(image, tokens, s0, keepT);
    expect(seq.logits.shape).toEqual([time * n, 7]);
    expect(maxAbsDiff(seq.logits, tf.concat(logits))).toBeLessThan(1e-5);
    expect(maxAbsDiff(seq.values, tf.concat(values))).toBeLessThan(1e-5);
    if (core === 'rim') expect(Array.from(seq.activeCounts!.dataSync()).reduce((a, b) => a + b, 0)).toBe(time * n * 2); // topK 2 per row and step
    else expect(seq.activeCounts).toBeNull();
    tf.dispose([logits, values, all, image, tokens, s0, keepT, seq as unknown as tf.TensorContainer, state]);
    policy.dispose();
  });

  it('its groups partition the parameters; step and forwardSequence do not leak', async () => {
    const params = new Parameters(new Rng(2));
    const policy = new RecurrentPolicy(params, { core });
    const g = policy.parameterGroups();
    const all = [...g.encoder, ...g.mission, ...g.modules, ...g.attention, ...g.heads];
    expect(all.sort()).toEqual(params.names().sort());
    expect(g.modules.length).toBeGreaterThan(0);
    expect(g.attention.length > 0).toBe(core === 'rim');
    if (core === 'rim') {
      expect(g.modules.every((n) => n.startsWith('core.cell.'))).toBe(true);
      expect(g.attention.some((n) => n.startsWith('core.inputAttention.'))).toBe(true);
      expect(g.attention.some((n) => n.startsWith('core.communication.'))).toBe(true);
    }
    const input = observationTensors(observations(1, 2)[0]!);
    const s = policy.initialState(2);
    await expectNoLeak(() => tf.dispose(policy.step(input, s) as unknown as tf.TensorContainer));
    const keep = tf.ones([1, 2]) as tf.Tensor2D;
    await expectNoLeak(() => tf.dispose(tf.tidy(() => policy.forwardSequence(input.image, input.missionTokens, s, keep).logits)));
    expect(() => policy.step({ image: input.image, missionTokens: tf.zeros([3, 9], 'int32') as tf.Tensor2D }, s)).toThrow(ShapeError);
    tf.dispose([input, s, keep]);
    policy.dispose();
  });
});

describe('PolicyConfig', () => {
  it('names every bad field', () => {
    expect(() => new RecurrentPolicy(new Parameters(new Rng(1)), { core: 'gru' as never, topK: 5 })).toThrow(ConfigError);
    try {
      new RecurrentPolicy(new Parameters(new Rng(1)), { core: 'gru' as never, topK: 5 });
    } catch (e) {
      expect((e as ConfigError).problems).toEqual(['PolicyConfig.core: must be one of "lstm" | "rim", got "gru"', 'PolicyConfig.topK: must be an integer in [1, numUnits = 4], got 5']);
    }
    expect(() => new RecurrentPolicy(new Parameters(new Rng(1)), { hidden: 3 } as never)).toThrow(/PolicyConfig.hidden: unknown field/);
  });
});
