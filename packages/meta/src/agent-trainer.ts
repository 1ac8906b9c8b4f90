import * as tf from '@tensorflow/tfjs-core';
import { assertKnownKeys, ConfigCheck, type Parameters, Rng } from '@rimjs/core';
import { type EpisodeRecord, LEVEL_NAMES, type Split, VecGridEnv } from '@rimjs/envs';
import { LEARNING_SCHEMES, type LearningScheme, type ParameterSplit, splitParameters } from './fast-slow.js';
import { type PolicyConfig } from './policy-config.js';
import { type PpoConfig, resolvePpoConfig } from './ppo-config.js';
import { ppoUpdate, type UpdateGroup, type UpdateStats } from './ppo-update.js';
import { RecurrentPolicy } from './recurrent-policy.js';
import { RolloutCollector } from './rollout.js';

/** A task: a level and its size. */
export interface TaskSpec {
  level: string;
  roomSize?: number;
  numDistractors?: number;
}

/** Everything that fixes a training run (the identity of its checkpoints). */
export interface TrainerConfig {
  policy: PolicyConfig;
  ppo: PpoConfig;
  scheme: LearningScheme;
  /** Adam learning rate of the fast group (every group for `joint`). */
  lrFast: number;
  /** Adam learning rate of the slow group (outer loop). */
  lrSlow: number;
  /** Inner (fast) updates per outer iteration; `joint` makes `innerSteps + 1` ordinary updates. */
  innerSteps: number;
  /** Training tasks (split `train`); each outer iteration draws one. */
  trainTasks: TaskSpec[];
  /** Evaluation tasks (split `test`: held-out object/colour combinations). */
  evalTasks: TaskSpec[];
  numEnvs: number;
  /** Steps per environment per rollout (a multiple of `ppo.recurrence`). */
  rolloutLength: number;
  /** Episodes per evaluation task. */
  evalEpisodes: number;
  seed: number;
}

/** One outer iteration's record. */
export interface IterationLog {
  iteration: number;
  frames: number;
  task: string;
  episodes: number;
  successRate: number;
  meanReturn: number;
  /** The last update's statistics. */
  update: UpdateStats;
}

/** An evaluation's record. */
export interface EvalLog {
  frames: number;
  successRate: number;
  meanReturn: number;
  perTask: { task: string; successRate: number; meanReturn: number }[];
}

/** @throws ConfigError listing every problem. */
export function checkTrainerConfig(c: TrainerConfig): void {
  assertKnownKeys('TrainerConfig', c, ['policy', 'ppo', 'scheme', 'lrFast', 'lrSlow', 'innerSteps', 'trainTasks', 'evalTasks', 'numEnvs', 'rolloutLength', 'evalEpisodes', 'seed']);
  const k = new ConfigCheck('TrainerConfig');
  k.oneOf('scheme', c.scheme, LEARNING_SCHEMES);
  k.require(c.scheme === 'joint' || c.policy?.core === 'rim', 'scheme', () => `'${c.scheme}' needs a RIM policy (attention parameters); policy.core is '${c.policy?.core ?? 'lstm'}'`);
  k.require(c.lrFast > 0, 'lrFast', () => `must be > 0, got ${c.lrFast}`);
  k.require(c.lrSlow > 0, 'lrSlow', () => `must be > 0, got ${c.lrSlow}`);
  k.integer('innerSteps', c.innerSteps, 1);
  k.positiveInt('numEnvs', c.numEnvs);
  k.positiveInt('rolloutLength', c.rolloutLength);
  k.positiveInt('evalEpisodes', c.evalEpisodes);
  k.integer('seed', c.seed, 0);
  for (const [field, tasks] of [['trainTasks', c.trainTasks], ['evalTasks', c.evalTasks]] as const) {
    k.require(Array.isArray(tasks) && tasks.length > 0, field, () => 'must be a non-empty list of tasks');
    (tasks ?? []).forEach((t, i) => k.oneOf(`${field}[${i}].level`, t.level, LEVEL_NAMES));
  }
  const rec = resolvePpoConfig(c.ppo).recurrence;
  k.require(Number.isInteger(c.rolloutLength / rec), 'rolloutLength', () => `must be a multiple of ppo.recurrence = ${rec}, got ${c.rolloutLength}`);
  k.throwIfAny();
}

const taskName = (t: TaskSpec) => `${t.level}${t.roomSize ? `-S${t.roomSize}` : ''}${t.numDistractors !== undefined ? `-N${t.numDistractors}` : ''}`;

/**
 * Trains a recurrent policy with PPO under a {@link LearningScheme}. One outer iteration:
 * draw a training task, reset `numEnvs` environments of it (seeded by the run seed and the
 * iteration, so a run resumed from a checkpoint at an iteration boundary continues exactly), then
 * - `meta` / `reversed`: `innerSteps` rollouts, each a PPO update of the fast group (Adam at
 *   `lrFast`, strict active-only for RIM unit weights), then one rollout and a PPO update of the
 *   slow group (its own Adam at `lrSlow`) — first-order, no gradient through the inner updates;
 * - `joint`: `innerSteps + 1` rollouts, each a PPO update of every parameter (Adam at `lrFast`).
 * Every scheme spends the same frames per iteration.
 *
 * @example
 * const trainer = new AgentTrainer(new Parameters(new Rng(1)), config);
 * const log = trainer.iterate();      // { frames, successRate, ... }
 * const ev = trainer.evaluate();      // held-out tasks
 */
export class AgentTrainer {
  readonly config: TrainerConfig;
  readonly policy: RecurrentPolicy;
  readonly split: ParameterSplit;
  readonly fastOptimizer: tf.Optimizer;
  readonly slowOptimizer: tf.Optimizer | null;
  iteration = 0;
  frames = 0;

  /**
   * @param makeOptimizer builds each group's Adam (default `tf.train.adam(lr, 0.9, 0.999, 1e-8)`)
   * @throws ConfigError for a bad config.
   */
  constructor(params: Parameters, config: TrainerConfig, makeOptimizer: (lr: number) => tf.Optimizer = (lr) => tf.train.adam(lr, 0.9, 0.999, 1e-8)) {
    checkTrainerConfig(config);
    this.config = config;
    this.policy = new RecurrentPolicy(params, config.policy);
    this.split = splitParameters(this.policy, config.scheme);
    this.fastOptimizer = makeOptimizer(config.lrFast);
    this.slowOptimizer = this.split.slow.length > 0 ? makeOptimizer(config.lrSlow) : null;
  }

  /** One outer iteration (see the class comment). */
  iterate(): IterationLog {
    const c = this.config;
    const rng = new Rng(c.seed).child(`iteration:${this.iteration}`);
    const task = c.trainTasks[rng.int(c.trainTasks.length)]!;
    const env = new VecGridEnv(task.level, { numEnvs: c.numEnvs, seed: rng.child('env').seed(), split: 'train', ...sizeOf(task) });
    const collector = new RolloutCollector(this.policy, env, { seed: rng.child('actions').seed() });
    const fast: UpdateGroup = { names: this.split.fast, optimizer: this.fastOptimizer, activeOnly: c.scheme === 'meta' };
    const slow: UpdateGroup | null = this.slowOptimizer ? { names: this.split.slow, optimizer: this.slowOptimizer, activeOnly: c.scheme === 'reversed' } : null;
    const episodes: EpisodeRecord[] = [];
    let update!: UpdateStats;
    try {
      for (let k = 0; k <= c.innerSteps; k++) {
        const rollout = collector.collect(c.rolloutLength);
        episodes.push(...rollout.episodes);
        const group = k < c.innerSteps || !slow ? fast : slow;
        update = ppoUpdate(this.policy, rollout, [group], c.ppo, rng.child(`update:${k}`).seed());
        this.frames += c.rolloutLength * c.numEnvs;
      }
    } finally {
      collector.dispose();
    }
    this.iteration++;
    const successes = episodes.filter((e) => e.success).length;
    return {
      iteration: this.iteration,
      frames: this.frames,
      task: taskName(task),
      episodes: episodes.length,
      successRate: episodes.length ? successes / episodes.length : 0,
      meanReturn: episodes.length ? episodes.reduce((a, e) => a + e.return, 0) / episodes.length : 0,
      update,
    };
  }

  /**
   * Greedy (argmax) episodes on every evaluation task with `split` targets, the same episodes for
   * every model and call (fixed seed 1e9 + task index, as BabyAI's validation seeds).
   */
  evaluate(split: Split = 'test'): EvalLog {
    const c = this.config;
    const perTask = c.evalTasks.map((t, i) => {
      const eps = runEpisodes(this.policy, t, split, c.evalEpisodes, 1_000_000_000 + i);
      return { task: taskName(t), successRate: eps.filter((e) => e.success).length / eps.length, meanReturn: eps.reduce((a, e) => a + e.return, 0) / eps.length };
    });
    const mean = (f: (x: (typeof perTask)[number]) => number) => perTask.reduce((a, x) => a + f(x), 0) / perTask.length;
    return { frames: this.frames, successRate: mean((x) => x.successRate), meanReturn: mean((x) => x.meanReturn), perTask };
  }

  /** Frees the optimizers' state (the policy's variables belong to the Parameters given). */
  dispose(): void {
    this.fastOptimizer.dispose();
    this.slowOptimizer?.dispose();
  }
}

function sizeOf(t: TaskSpec): { roomSize?: number; numDistractors?: number } {
  return { ...(t.roomSize !== undefined ? { roomSize: t.roomSize } : {}), ...(t.numDistractors !== undefined ? { numDistractors: t.numDistractors } : {}) };
}

/** The first episode of each of `count` environments, acting greedily. */
export function runEpisodes(policy: RecurrentPolicy, task: TaskSpec, split: Split, count: number, seed: number): EpisodeRecord[] {
  const env = new VecGridEnv(task.level, { numEnvs: count, seed, split, ...sizeOf(task) });
  const collector = new RolloutCollector(policy, env, { seed, mode: 'greedy' });
  const first = new Map<number, EpisodeRecord>();
  try {
    while (first.size < count) {
      for (const e of collector.collect(8).episodes) if (!first.has(e.env)) first.set(e.env, e);
    }
  } finally {
    collector.dispose();
  }
  return [...first.values()].sort((a, b) => a.env - b.env);
}
