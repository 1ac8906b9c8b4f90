import { assertKnownKeys, ConfigCheck } from '@rimjs/core';

/** Which recurrent core the policy uses. */
export type CoreKind = 'lstm' | 'rim';

/** Options of a {@link RecurrentPolicy}; every field has a default (see {@link resolvePolicyConfig}). */
export interface PolicyConfig {
  /** `'lstm'` (the BabyAI baseline) or `'rim'`. Default `'lstm'`. */
  core?: CoreKind;
  /** Output channels of the three 2x2 convolutions (rl-starter-files' encoder). Default `[16, 32, 64]`. */
  convChannels?: [number, number, number];
  /** Size of the bag-of-words mission embedding. Default 32. */
  missionEmbed?: number;
  /** LSTM state size. Default 64. */
  memory?: number;
  /** RIM units. Default 4. */
  numUnits?: number;
  /** Active RIM units per step. Default 2. */
  topK?: number;
  /** State size of one RIM unit. Default 16 (4 x 16 = the LSTM's 64). */
  unitHidden?: number;
  /** Hidden size of the actor and critic heads. Default 64. */
  headHidden?: number;
}

/** A {@link PolicyConfig} with every default filled in. */
export type ResolvedPolicyConfig = Required<PolicyConfig>;

const DEFAULTS: ResolvedPolicyConfig = {
  core: 'lstm',
  convChannels: [16, 32, 64],
  missionEmbed: 32,
  memory: 64,
  numUnits: 4,
  topK: 2,
  unitHidden: 16,
  headHidden: 64,
};

/**
 * Fills in the defaults and checks every field.
 * @throws ConfigError listing every problem (`PolicyConfig.topK: must be an integer in [1, numUnits = 4], got 5`).
 */
export function resolvePolicyConfig(config: PolicyConfig = {}): ResolvedPolicyConfig {
  assertKnownKeys('PolicyConfig', config, Object.keys(DEFAULTS));
  const r: ResolvedPolicyConfig = { ...DEFAULTS, ...config };
  const c = new ConfigCheck('PolicyConfig');
  c.oneOf('core', r.core, ['lstm', 'rim']);
  c.require(Array.isArray(r.convChannels) && r.convChannels.length === 3 && r.convChannels.every((n) => Number.isInteger(n) && n > 0), 'convChannels', () => `must be three positive integers, got ${JSON.stringify(r.convChannels)}`);
  c.positiveInt('missionEmbed', r.missionEmbed);
  c.positiveInt('memory', r.memory);
  c.positiveInt('numUnits', r.numUnits);
  c.integer('topK', r.topK, 1, typeof r.numUnits === 'number' ? r.numUnits : Infinity, 'numUnits');
  c.positiveInt('unitHidden', r.unitHidden);
  c.positiveInt('headHidden', r.headHidden);
  c.throwIfAny();
  return r;
}
