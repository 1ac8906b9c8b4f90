import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, Parameters, Rng } from '@rimjs/core';
import { useBackend } from '@rimjs/core/testing';
import { observationTensors, VecGridEnv } from '@rimjs/envs';
import { beforeAll, describe, expect, it } from 'vitest';
import { restoreInactiveUnits } from './active-units.js';
import { splitParameters } from './fast-slow.js';
import { ppoUpdate } from './ppo-update.js';
import { RecurrentPolicy } from './recurrent-policy.js';
import { RolloutCollector } from './rollout.js';

const snapshot = (p: Parameters) => Object.fromEntries(p.entries().map(([n, v]) => [n, Array.from(v.dataSync())]));

describe('fast and slow parameters', () => {
  beforeAll(() => useBackend('wasm'));

  it('meta: modules (+ encoder, mission, heads) fast, attention slow; reversed swaps; joint is everything', () => {
    const policy = new RecurrentPolicy(new Parameters(new Rng(1)), { core: 'rim' });
    const meta = splitParameters(policy, 'meta');
    const rev = splitParameters(policy, 'reversed');
    const joint = splitParameters(policy, 'joint');
    expect(meta.slow.every((n) => n.startsWith('core.inputAttention.') || n.startsWith('core.communication.'))).toBe(true);
    expect(meta.slow).toContain('core.inputAttention.query.weight');
    expect(meta.slow).toContain('core.communication.gate.weight');
    expect(meta.fast.filter((n) => n.startsWith('core.'))).toEqual(['core.cell.weightIh', 'core.cell.weightHh', 'core.cell.biasIh', 'core.cell.biasHh']);
    expect(rev.slow).toEqual(['core.cell.weightIh', 'core.cell.weightHh', 'core.cell.biasIh', 'core.cell.biasHh']);
    expect(rev.fast.filter((n) => n.startsWith('core.')).sort()).toEqual([...meta.slow].sort());
    expect([...meta.fast, ...meta.slow].sort()).toEqual(policy.params.names().sort());
    expect(joint.slow).toEqual([]);
    expect(joint.fast.sort()).toEqual(policy.params.names().sort());
    const lstm = new RecurrentPolicy(new Parameters(new Rng(1)), { core: 'lstm' });
    expect(() => splitParameters(lstm, 'meta')).toThrow(ConfigError);
    expect(() => splitParameters(lstm, 'meta')).toThrow("scheme 'meta' needs a RIM policy (attention parameters); this policy's core is 'lstm'");
    policy.dispose();
    lstm.dispose();
  });

  it('a unit inactive over the whole sequence gets exactly zero gradient in its cell weights', () => {
    const policy = new RecurrentPolicy(new Parameters(new Rng(3)), { core: 'rim', numUnits: 4, topK: 1 });
    const env = new VecGridEnv('GoToObj', { numEnvs: 1, seed: 2 });
    const obs = observationTensors(env.reset().observation);
    const s0 = policy.initialState(1);
    const keep = tf.ones([1, 1]) as tf.Tensor2D;
    const vars = policy.params.toRecord();
    let counts: number[] = [];
    const { value, grads } = tf.variableGrads(() => {
      const r = policy.forwardSequence(obs.image, obs.missionTokens, s0, keep);
      counts = Array.from(r.activeCounts!.dataSync());
      return tf.sum(tf.add(r.logits, tf.sum(r.values))) as tf.Scalar;
    }, policy.parameterGroups().modules.map((n) => vars[n]!));
    expect(counts.filter((c) => c === 0).length).toBe(3); // topK 1 of 4, one step
    for (const name of ['core.cell.weightIh', 'core.cell.weightHh', 'core.cell.biasIh']) {
      const g = grads[vars[name]!.name]!;
      const rows = tf.unstack(g) as tf.Tensor[];
      rows.forEach((row, k) => {
        const mag = tf.max(tf.abs(row)).dataSync()[0]!;
        if (counts[k] === 0) expect(mag).toBe(0);
        else if (name !== 'core.cell.weightHh') expect(mag).toBeGreaterThan(0); // h starts at 0: no weightHh gradient at step 0
      });
      tf.dispose(rows);
    }
    tf.dispose([value, ...Object.values(grads), obs, s0, keep]);
    policy.dispose();
  });

  it('restoreInactiveUnits undoes Adam steps (momentum included) for units with no activity, only those', () => {
    const policy = new RecurrentPolicy(new Parameters(new Rng(4)), { core: 'rim', numUnits: 4 });
    const names = policy.parameterGroups().modules;
    const vars = names.map((n) => policy.params.toRecord()[n]!);
    const opt = tf.train.adam(0.01);
    const grads = () => Object.fromEntries(vars.map((v) => [v.name, tf.onesLike(v)]));
    const g1 = grads();
    opt.applyGradients(g1); // builds momentum in every unit
    tf.dispose(Object.values(g1));
    const before = vars.map((v) => tf.unstack(v).map((r) => Array.from(r.dataSync())));
    const restore = restoreInactiveUnits(policy, names, [2, 0, 7, 0]);
    const g2 = Object.fromEntries(vars.map((v) => [v.name, tf.zerosLike(v)])); // zero gradient: Adam still moves
    opt.applyGradients(g2);
    restore();
    tf.dispose(Object.values(g2));
    vars.forEach((v, i) => {
      const after = tf.unstack(v).map((r) => Array.from(r.dataSync()));
      expect(after[1]).toEqual(before[i]![1]);
      expect(after[3]).toEqual(before[i]![3]);
      expect(after[0]).not.toEqual(before[i]![0]);
      expect(after[2]).not.toEqual(before[i]![2]);
    });
    opt.dispose();
    policy.dispose();
  });

  it('a PPO update of one group leaves every other parameter untouched', () => {
    const params = new Parameters(new Rng(5));
    const policy = new RecurrentPolicy(params, { core: 'rim' });
    const env = new VecGridEnv('GoToObj', { numEnvs: 4, seed: 1, roomSize: 5 });
    const collector = new RolloutCollector(policy, env, { seed: 2 });
    const rollout = collector.collect(8);
    const split = splitParameters(policy, 'meta');
    const before = snapshot(params);
    const opt = tf.train.adam(1e-3);
    const stats = ppoUpdate(policy, rollout, [{ names: split.slow, optimizer: opt }], { recurrence: 4, numMinibatches: 2, epochs: 1 });
    const after = snapshot(params);
    for (const n of split.fast) expect(after[n]).toEqual(before[n]);
    expect(split.slow.some((n) => JSON.stringify(after[n]) !== JSON.stringify(before[n]))).toBe(true);
    expect(stats.unitActiveShare).toHaveLength(4);
    collector.dispose();
    opt.dispose();
    policy.dispose();
  });
});
