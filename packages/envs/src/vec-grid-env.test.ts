import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, Rng } from '@rimjs/core';
import { expectNoLeak, useBackend } from '@rimjs/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { GridWorld } from './grid-world.js';
import { observationTensors } from './observation-tensors.js';
import { VecGridEnv } from './vec-grid-env.js';
import { MAX_MISSION_TOKENS, tokenizeMission } from './vocabulary.js';

describe('VecGridEnv', () => {
  beforeAll(() => useBackend('cpu'));

  it('steps like N separate GridWorlds, resetting finished rows at once', () => {
    const n = 4;
    const vec = new VecGridEnv('GoToLocal', { numEnvs: n, seed: 9, roomSize: 5, numDistractors: 2 });
    const rng = new Rng(9);
    const singles = Array.from({ length: n }, (_, i) => new GridWorld('GoToLocal', { roomSize: 5, numDistractors: 2, seed: rng.child(i).seed() }));
    const { observation } = vec.reset();
    singles.forEach((e, i) => {
      const o = e.reset().observation;
      expect(Array.from(observation.image.slice(i * 147, (i + 1) * 147))).toEqual(Array.from(o.image));
      expect(observation.mission[i]).toBe(o.mission);
    });
    const act = new Rng(1);
    let episodes = 0;
    for (let t = 0; t < 60; t++) {
      const actions = Int32Array.from({ length: n }, () => act.int(7));
      const r = vec.step(actions);
      singles.forEach((e, i) => {
        const s = e.step(actions[i]!);
        expect(r.reward[i]).toBeCloseTo(s.reward, 6);
        expect([r.terminated[i], r.truncated[i]]).toEqual([+s.terminated, +s.truncated]);
        const o = s.terminated || s.truncated ? e.reset().observation : s.observation;
        expect(Array.from(r.observation.image.slice(i * 147, (i + 1) * 147))).toEqual(Array.from(o.image));
        expect(Array.from(r.observation.missionTokens.slice(i * MAX_MISSION_TOKENS, (i + 1) * MAX_MISSION_TOKENS))).toEqual(Array.from(tokenizeMission(o.mission)));
      });
      episodes += r.info.episodes.length;
      for (const ep of r.info.episodes) expect(ep.success).toBe(ep.return > 0);
    }
    expect(episodes).toBeGreaterThan(4); // 60 steps of a 25-step limit: every row ended at least twice
  });

  it('checks its inputs', () => {
    expect(() => new VecGridEnv('GoToObj', { numEnvs: 0 })).toThrow('VecGridEnvOptions.numEnvs: must be an integer in [1, ∞], got 0');
    const vec = new VecGridEnv('GoToObj', { numEnvs: 2 });
    vec.reset();
    expect(() => vec.step([1])).toThrow(ConfigError);
    expect(() => vec.step([1, 9])).toThrow("VecGridEnv.step: 'actions[1]' must be an integer in [0, 6], got 9");
  });

  it('observation tensors have the documented shapes and do not leak', async () => {
    const vec = new VecGridEnv('GoToObj', { numEnvs: 3, seed: 2 });
    const obs = vec.reset().observation;
    const t = observationTensors(obs);
    expect(t.image.shape).toEqual([3, 7, 7, 3]);
    expect(t.missionTokens.shape).toEqual([3, MAX_MISSION_TOKENS]);
    expect(Array.from(t.image.dataSync())).toEqual(Array.from(obs.image));
    tf.dispose(t);
    await expectNoLeak(() => {
      const r = vec.step([2, 1, 0]);
      tf.dispose(observationTensors(r.observation));
    }, { iterations: 200, label: 'VecGridEnv.step + observationTensors' });
  });
});
