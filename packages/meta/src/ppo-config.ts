import { assertKnownKeys, ConfigCheck } from '@rimjs/core';

/** PPO's settings; defaults follow rl-starter-files / BabyAI where noted. */
export interface PpoConfig {
  /** Discount. Default 0.99. */
  gamma?: number;
  /** GAE lambda. Default 0.95 (rl-starter-files; BabyAI 0.99). */
  lambda?: number;
  /** Ratio and value clip epsilon. Default 0.2. */
  clip?: number;
  /** Default 0.01. */
  entropyCoef?: number;
  /** Default 0.5. */
  valueCoef?: number;
  /** Passes over each rollout. Default 4. */
  epochs?: number;
  /** Minibatches per epoch (each a set of whole recurrent chunks). Default 4. */
  numMinibatches?: number;
  /** Length of a recurrent chunk (BPTT); the rollout length must be a multiple. Default 8. */
  recurrence?: number;
  /** Global-norm gradient clip, per parameter group. Default 0.5. */
  maxGradNorm?: number;
  /** Normalise each minibatch's advantages. Default true. */
  normalizeAdvantages?: boolean;
  /** Rewards are multiplied by this before GAE (BabyAI uses 20). Default 1. */
  rewardScale?: number;
}

export type ResolvedPpoConfig = Required<PpoConfig>;

/** The defaults of {@link PpoConfig}. */
export const PPO_DEFAULTS: ResolvedPpoConfig = {
  gamma: 0.99,
  lambda: 0.95,
  clip: 0.2,
  entropyCoef: 0.01,
  valueCoef: 0.5,
  epochs: 4,
  numMinibatches: 4,
  recurrence: 8,
  maxGradNorm: 0.5,
  normalizeAdvantages: true,
  rewardScale: 1,
};

/** @throws ConfigError listing every problem. */
export function resolvePpoConfig(config: PpoConfig = {}): ResolvedPpoConfig {
  assertKnownKeys('PpoConfig', config, Object.keys(PPO_DEFAULTS));
  const r = { ...PPO_DEFAULTS, ...config };
  const c = new ConfigCheck('PpoConfig');
  c.number('gamma', r.gamma, 0, 1);
  c.number('lambda', r.lambda, 0, 1);
  c.require(typeof r.clip === 'number' && r.clip > 0 && r.clip < 1, 'clip', () => `must be a number in (0, 1), got ${r.clip}`);
  c.number('entropyCoef', r.entropyCoef, 0);
  c.number('valueCoef', r.valueCoef, 0);
  c.positiveInt('epochs', r.epochs);
  c.positiveInt('numMinibatches', r.numMinibatches);
  c.positiveInt('recurrence', r.recurrence);
  c.require(typeof r.maxGradNorm === 'number' && r.maxGradNorm > 0, 'maxGradNorm', () => `must be > 0, got ${r.maxGradNorm}`);
  c.oneOf('normalizeAdvantages', r.normalizeAdvantages, [true, false]);
  c.require(typeof r.rewardScale === 'number' && r.rewardScale > 0, 'rewardScale', () => `must be > 0, got ${r.rewardScale}`);
  c.throwIfAny();
  return r;
}
