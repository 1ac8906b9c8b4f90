import { assertKnownKeys, ConfigCheck } from '@rimjs/core';

/** What a visitor sets; every field has a default ({@link PLAYGROUND_DEFAULTS}). */
export interface PlaygroundConfig {
  /** Units K of the RIM. */
  units: number;
  /** Active units per step (topK < units). */
  topK: number;
  /** Hidden size of one RIM unit; the LSTM gets `units * hidden` so both carry the same state. */
  hidden: number;
  /** Adam's learning rate. */
  lr: number;
  /** Sequences per step. */
  batch: number;
  /** The copying task's delay T (time = T + 2 * symbols). */
  delay: number;
  /** Symbols to copy. */
  symbols: number;
  /** Seed of weights, data and dropout. */
  seed: number;
}

/** The playground's default: a small copying task that learns in a minute in a browser tab. */
export const PLAYGROUND_DEFAULTS: Readonly<PlaygroundConfig> = {
  units: 6,
  topK: 4,
  hidden: 16,
  lr: 0.003,
  batch: 32,
  delay: 10,
  symbols: 5,
  seed: 1,
};

/**
 * Fills defaults and checks a config.
 * @throws ConfigError naming every bad field, what was expected and what came.
 */
export function resolvePlaygroundConfig(config: Partial<PlaygroundConfig> = {}): PlaygroundConfig {
  assertKnownKeys('PlaygroundConfig', config, Object.keys(PLAYGROUND_DEFAULTS));
  const r = { ...PLAYGROUND_DEFAULTS, ...config };
  const c = new ConfigCheck('PlaygroundConfig');
  for (const k of ['units', 'topK', 'hidden', 'batch', 'delay', 'symbols', 'seed'] as const) c.positiveInt(k, r[k]);
  c.require(Number.isInteger(r.topK) && r.topK < r.units, 'topK', () => `must be below units (${r.units}), got ${r.topK}`);
  c.require(Number.isFinite(r.lr) && r.lr > 0 && r.lr < 1, 'lr', () => `must be a number in (0, 1), got ${r.lr}`);
  c.throwIfAny();
  return r;
}
