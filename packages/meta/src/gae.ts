import { ConfigError } from '@rimjs/core';

/** Advantages and returns of a rollout, `[time * numEnvs]` time-major. */
export interface GaeResult {
  advantages: Float32Array;
  returns: Float32Array;
}

/**
 * Generalised advantage estimation (Schulman et al. 2016), the backward recursion, time-major
 * `[time, numEnvs]` arrays flattened:
 * ```
 * delta_t = r_t + gamma * (1 - done_t) * V_{t+1} - V_t         (V_time = lastValues)
 * A_t     = delta_t + gamma * lambda * (1 - done_t) * A_{t+1}
 * R_t     = A_t + V_t
 * ```
 * `done_t` marks the step that ended an episode (terminated or truncated: BabyAI counts a
 * time-out as terminal, `babyai/rl/algos/base.py`).
 *
 * @throws ConfigError for mismatched lengths or gamma/lambda outside [0, 1].
 */
export function computeGae(
  rewards: Float32Array,
  values: Float32Array,
  dones: Uint8Array,
  lastValues: Float32Array,
  { gamma, lambda }: { gamma: number; lambda: number },
): GaeResult {
  const n = lastValues.length;
  const time = rewards.length / n;
  if (!Number.isInteger(time) || values.length !== rewards.length || dones.length !== rewards.length) {
    throw new ConfigError(`computeGae: 'rewards', 'values', 'dones' must all be [time, numEnvs = ${n}], got lengths ${rewards.length}, ${values.length}, ${dones.length}`);
  }
  if (!(gamma >= 0 && gamma <= 1) || !(lambda >= 0 && lambda <= 1)) throw new ConfigError(`computeGae: 'gamma' and 'lambda' must be in [0, 1], got ${gamma}, ${lambda}`);
  const advantages = new Float32Array(rewards.length);
  const returns = new Float32Array(rewards.length);
  for (let e = 0; e < n; e++) {
    let next = 0;
    for (let t = time - 1; t >= 0; t--) {
      const i = t * n + e;
      const notDone = 1 - dones[i]!;
      const nextValue = t === time - 1 ? lastValues[e]! : values[i + n]!;
      const delta = rewards[i]! + gamma * notDone * nextValue - values[i]!;
      next = delta + gamma * lambda * notDone * next;
      advantages[i] = next;
      returns[i] = next + values[i]!;
    }
  }
  return { advantages, returns };
}
