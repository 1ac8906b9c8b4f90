import * as tf from '@tensorflow/tfjs-core';
import { clipByGlobalNorm, ConfigError, NumericError, Rng } from '@rimjs/core';
import { MAX_MISSION_TOKENS } from '@rimjs/envs';
import { restoreInactiveUnits } from './active-units.js';
import { computeGae } from './gae.js';
import { type PpoConfig, resolvePpoConfig } from './ppo-config.js';
import { ppoLoss } from './ppo-loss.js';
import type { RecurrentPolicy } from './recurrent-policy.js';
import type { Rollout } from './rollout.js';

const CELLS = 7 * 7 * 3;

/** A set of parameters updated by one optimizer. */
export interface UpdateGroup {
  /** Full parameter names (see `RecurrentPolicy.parameterGroups`). */
  names: string[];
  optimizer: tf.Optimizer;
  /**
   * Strict "only active modules learn": after the step, RIM unit weights (`core.cell.*`, leading
   * `units` axis) of units never active in the minibatch get their old values back (their
   * gradient is already 0; this also undoes Adam's momentum drift). Default false.
   */
  activeOnly?: boolean;
}

/** Means over the minibatches of one {@link ppoUpdate}. */
export interface UpdateStats {
  loss: number;
  policyLoss: number;
  valueLoss: number;
  entropy: number;
  approxKl: number;
  clipFraction: number;
  /** Global gradient norm of each group before clipping (mean over minibatches). */
  gradNorms: number[];
  /** RIM: share of minibatches in which each unit was active at least once. */
  unitActiveShare: number[] | null;
}

/**
 * One PPO update on a rollout: GAE, then `epochs` passes over the rollout's recurrent chunks
 * (`recurrence` steps of one environment, started from the state stored in the rollout) in
 * `numMinibatches` shuffled minibatches; each minibatch's gradient is split by group, clipped
 * by global norm per group and applied by the group's optimizer.
 *
 * @throws ConfigError when the rollout length is not a multiple of `recurrence` or a name is unknown;
 *   NumericError for a non-finite loss.
 */
export function ppoUpdate(policy: RecurrentPolicy, rollout: Rollout, groups: UpdateGroup[], config: PpoConfig = {}, seed = 1): UpdateStats {
  const c = resolvePpoConfig(config);
  const { time, numEnvs: n } = rollout;
  if (time % c.recurrence !== 0) throw new ConfigError(`ppoUpdate: the rollout's time (${time}) must be a multiple of PpoConfig.recurrence = ${c.recurrence}`);
  const chunksPerEnv = time / c.recurrence;
  const totalChunks = chunksPerEnv * n;
  if (c.numMinibatches > totalChunks) throw new ConfigError(`ppoUpdate: PpoConfig.numMinibatches (${c.numMinibatches}) exceeds the rollout's ${totalChunks} recurrent chunks`);
  const vars = policy.params.toRecord();
  const byTfName = new Map(Object.entries(vars).map(([name, v]) => [v.name, name]));
  for (const g of groups) for (const name of g.names) if (!vars[name]) throw new ConfigError(`ppoUpdate: unknown parameter '${name}' in a group`);
  const varList = groups.flatMap((g) => g.names.map((name) => vars[name]!));

  const rewards = rollout.rewards.map((r) => r * c.rewardScale);
  const gae = computeGae(rewards, rollout.values, rollout.dones, rollout.lastValues, c);
  const rng = new Rng(seed);
  const hSize = rollout.states[0]!.h.length / n;
  const stateShape = policy.initialState(1);
  const hShape = stateShape.h.shape.slice(1);
  tf.dispose(stateShape);

  const sums = { loss: 0, policyLoss: 0, valueLoss: 0, entropy: 0, approxKl: 0, clipFraction: 0 };
  const gradNorms = groups.map(() => 0);
  let unitActive: number[] | null = null;
  let batches = 0;
  for (let epoch = 0; epoch < c.epochs; epoch++) {
    const chunks = rng.shuffle(Array.from({ length: totalChunks }, (_, i) => i));
    for (let m = 0; m < c.numMinibatches; m++) {
      const mine = chunks.filter((_, i) => i % c.numMinibatches === m); // chunk id = env * chunksPerEnv + k
      const b = mine.length;
      const rows = c.recurrence * b;
      const images = new Int32Array(rows * CELLS);
      const tokens = new Int32Array(rows * MAX_MISSION_TOKENS);
      const cols = { actions: new Float32Array(rows), oldLogProbs: new Float32Array(rows), oldValues: new Float32Array(rows), advantages: new Float32Array(rows), returns: new Float32Array(rows) };
      const keep = new Float32Array(rows);
      const h0 = new Float32Array(b * hSize);
      const c0 = new Float32Array(b * hSize);
      mine.forEach((id, j) => {
        const env = Math.floor(id / chunksPerEnv);
        const start = (id % chunksPerEnv) * c.recurrence;
        h0.set(rollout.states[start]!.h.subarray(env * hSize, (env + 1) * hSize), j * hSize);
        c0.set(rollout.states[start]!.c.subarray(env * hSize, (env + 1) * hSize), j * hSize);
        for (let t = 0; t < c.recurrence; t++) {
          const src = (start + t) * n + env; // rollout row
          const dst = t * b + j; // minibatch row, time-major
          images.set(rollout.images.subarray(src * CELLS, (src + 1) * CELLS), dst * CELLS);
          tokens.set(rollout.tokens.subarray(src * MAX_MISSION_TOKENS, (src + 1) * MAX_MISSION_TOKENS), dst * MAX_MISSION_TOKENS);
          cols.actions[dst] = rollout.actions[src]!;
          cols.oldLogProbs[dst] = rollout.logProbs[src]!;
          cols.oldValues[dst] = rollout.values[src]!;
          cols.advantages[dst] = gae.advantages[src]!;
          cols.returns[dst] = gae.returns[src]!;
          keep[dst] = t === 0 ? 1 : 1 - rollout.dones[src - n]!;
        }
      });
      let stats: tf.Tensor | null = null;
      let counts: tf.Tensor | null = null;
      const { value, grads } = tf.variableGrads(() => {
        const seq = policy.forwardSequence(
          tf.tensor4d(images, [rows, 7, 7, 3], 'int32'),
          tf.tensor2d(tokens, [rows, MAX_MISSION_TOKENS], 'int32'),
          { h: tf.tensor(h0, [b, ...hShape]), c: tf.tensor(c0, [b, ...hShape]) },
          tf.tensor2d(keep, [c.recurrence, b]),
        );
        const l = ppoLoss(
          {
            logits: seq.logits,
            values: seq.values,
            actions: tf.tensor1d(cols.actions),
            oldLogProbs: tf.tensor1d(cols.oldLogProbs),
            oldValues: tf.tensor1d(cols.oldValues),
            advantages: tf.tensor1d(cols.advantages),
            returns: tf.tensor1d(cols.returns),
          },
          c,
        );
        stats = tf.keep(tf.stack([l.loss, l.policyLoss, l.valueLoss, l.entropy, l.approxKl, l.clipFraction]));
        if (seq.activeCounts) counts = tf.keep(seq.activeCounts);
        return l.loss;
      }, varList);
      const s = (stats as unknown as tf.Tensor).dataSync();
      const active = counts ? Array.from((counts as tf.Tensor).dataSync()) : null;
      tf.dispose([value, stats as unknown as tf.Tensor, ...(counts ? [counts as tf.Tensor] : [])]);
      if (!Number.isFinite(s[0]!)) {
        tf.dispose(Object.values(grads));
        throw new NumericError(`ppoUpdate: the loss is ${s[0]} (epoch ${epoch}, minibatch ${m})`);
      }
      groups.forEach((g, gi) => {
        const mineGrads: tf.NamedTensorMap = {};
        for (const [tfName, grad] of Object.entries(grads)) {
          const name = byTfName.get(tfName)!;
          if (g.names.includes(name)) mineGrads[tfName] = grad;
        }
        const clipped = clipByGlobalNorm(mineGrads, c.maxGradNorm);
        gradNorms[gi]! += clipped.norm;
        const restore = g.activeOnly && active ? restoreInactiveUnits(policy, g.names, active) : null;
        g.optimizer.applyGradients(clipped.grads);
        restore?.();
        tf.dispose(Object.values(clipped.grads));
      });
      tf.dispose(Object.values(grads));
      if (active) {
        unitActive ??= active.map(() => 0);
        active.forEach((a, k) => (unitActive![k]! += a > 0 ? 1 : 0));
      }
      sums.loss += s[0]!;
      sums.policyLoss += s[1]!;
      sums.valueLoss += s[2]!;
      sums.entropy += s[3]!;
      sums.approxKl += s[4]!;
      sums.clipFraction += s[5]!;
      batches++;
    }
  }
  const mean = (x: number) => x / batches;
  return {
    loss: mean(sums.loss),
    policyLoss: mean(sums.policyLoss),
    valueLoss: mean(sums.valueLoss),
    entropy: mean(sums.entropy),
    approxKl: mean(sums.approxKl),
    clipFraction: mean(sums.clipFraction),
    gradNorms: gradNorms.map(mean),
    unitActiveShare: unitActive ? unitActive.map(mean) : null,
  };
}
