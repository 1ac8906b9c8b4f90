import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@rimjs/core';
import { type EpisodeRecord, MAX_MISSION_TOKENS, observationTensors, type VecGridEnv, type VecObservation } from '@rimjs/envs';
import type { PolicyState, RecurrentPolicy } from './recurrent-policy.js';

const CELLS = 7 * 7 * 3;

/** `time` steps of `numEnvs` environments, time-major (`[time, numEnvs, ...]` flattened). */
export interface Rollout {
  time: number;
  numEnvs: number;
  /** `[time, numEnvs, 7, 7, 3]` codes. */
  images: Uint8Array;
  /** `[time, numEnvs, 9]`. */
  tokens: Int32Array;
  actions: Int32Array;
  logProbs: Float32Array;
  values: Float32Array;
  rewards: Float32Array;
  /** 1 where the step ended the episode (terminated or truncated). */
  dones: Uint8Array;
  /** The state before each step (resets applied), `time` entries of `h`, `c` as `[numEnvs, ...]` floats. */
  states: { h: Float32Array; c: Float32Array }[];
  /** Value of the observation after the last step `[numEnvs]`. */
  lastValues: Float32Array;
  episodes: EpisodeRecord[];
}

/** How a policy picks actions from its logits. */
export type ActionMode = 'sample' | 'greedy';

/** Index drawn from `probs` with one uniform draw (or the argmax when greedy). */
function pick(probs: Float32Array, offset: number, k: number, u: number | null): number {
  if (u === null) {
    let best = 0;
    for (let a = 1; a < k; a++) if (probs[offset + a]! > probs[offset + best]!) best = a;
    return best;
  }
  let acc = 0;
  for (let a = 0; a < k; a++) {
    acc += probs[offset + a]!;
    if (u < acc) return a;
  }
  return k - 1;
}

/**
 * Runs a recurrent policy in a {@link VecGridEnv}, keeping the observation and the policy's state
 * between calls; the state of an environment whose episode ended is zeroed before its next step.
 * Actions are drawn from the softmax with a seeded {@link Rng} (or greedily).
 *
 * @example
 * const collector = new RolloutCollector(policy, envs, { seed: 1 });
 * const rollout = collector.collect(40); // 40 steps of every environment
 * collector.dispose();
 */
export class RolloutCollector {
  readonly policy: RecurrentPolicy;
  readonly env: VecGridEnv;
  private obs: VecObservation;
  private state: PolicyState;
  private readonly rng: Rng;
  private readonly mode: ActionMode;

  constructor(policy: RecurrentPolicy, env: VecGridEnv, { seed, mode = 'sample' }: { seed: number; mode?: ActionMode }) {
    this.policy = policy;
    this.env = env;
    this.rng = new Rng(seed);
    this.mode = mode;
    this.obs = env.reset().observation;
    this.state = policy.initialState(env.numEnvs);
  }

  /** Steps every environment `time` times. */
  collect(time: number): Rollout {
    const n = this.env.numEnvs;
    const k = 7;
    const r: Rollout = {
      time,
      numEnvs: n,
      images: new Uint8Array(time * n * CELLS),
      tokens: new Int32Array(time * n * MAX_MISSION_TOKENS),
      actions: new Int32Array(time * n),
      logProbs: new Float32Array(time * n),
      values: new Float32Array(time * n),
      rewards: new Float32Array(time * n),
      dones: new Uint8Array(time * n),
      states: [],
      lastValues: new Float32Array(n),
      episodes: [],
    };
    for (let t = 0; t < time; t++) {
      r.images.set(this.obs.image, t * n * CELLS);
      r.tokens.set(this.obs.missionTokens, t * n * MAX_MISSION_TOKENS);
      r.states.push({ h: this.state.h.dataSync() as Float32Array, c: this.state.c.dataSync() as Float32Array });
      const input = observationTensors(this.obs);
      const out = this.policy.step(input, this.state);
      const probsT = tf.softmax(out.logits);
      const probs = probsT.dataSync() as Float32Array;
      probsT.dispose();
      const values = out.value.dataSync();
      const actions = new Int32Array(n);
      for (let e = 0; e < n; e++) {
        const a = pick(probs, e * k, k, this.mode === 'sample' ? this.rng.float() : null);
        actions[e] = a;
        r.actions[t * n + e] = a;
        r.logProbs[t * n + e] = Math.log(Math.max(probs[e * k + a]!, 1e-30));
        r.values[t * n + e] = values[e]!;
      }
      const step = this.env.step(actions);
      const done = new Float32Array(n);
      for (let e = 0; e < n; e++) {
        r.rewards[t * n + e] = step.reward[e]!;
        const d = step.terminated[e]! | step.truncated[e]!;
        r.dones[t * n + e] = d;
        done[e] = d;
      }
      r.episodes.push(...step.info.episodes);
      this.obs = step.observation;
      const next = tf.tidy(() => {
        const keep = tf.sub(1, tf.tensor1d(done));
        const shape = [n, ...out.state.h.shape.slice(1).map(() => 1)];
        const kb = tf.reshape(keep, shape);
        return { h: tf.mul(out.state.h, kb), c: tf.mul(out.state.c, kb) };
      });
      tf.dispose([input, out as unknown as tf.TensorContainer, this.state]);
      this.state = next;
    }
    const input = observationTensors(this.obs);
    const last = this.policy.step(input, this.state);
    r.lastValues.set(last.value.dataSync());
    tf.dispose([input, last as unknown as tf.TensorContainer]);
    return r;
  }

  /** Frees the carried state. */
  dispose(): void {
    tf.dispose(this.state);
  }
}
