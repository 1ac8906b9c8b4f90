import { assertKnownKeys, ConfigCheck } from '@rimjs/core';
import type { RimEngine } from '../rim.js';
import type { RimLayerOptions } from '../sequence-model-types.js';

/**
 * Config of {@link createVideoModel}: next-frame prediction as in the RIM paper's bouncing balls
 * (section 4.2): a conv encoder of each frame, a RIM (or an LSTM / GRU of the same total state),
 * a decoder back to the next frame's pixel logits.
 */
export interface VideoModelConfig {
  kind: 'rim' | 'lstm' | 'gru';
  /** Frame side in pixels (frames are `side * side`, one channel); a multiple of 4. */
  side: number;
  /** Channels of the encoder's two stride-2 convolutions (the decoder mirrors them). Default [16, 32]. */
  channels?: readonly [number, number];
  /** Size of a frame's encoding, the recurrent input. Default 128. */
  featureSize?: number;
  /** `rim`: the layers, bottom first. Default one layer of 6 units of 32, top 4. */
  layers?: readonly RimLayerOptions[];
  /** `lstm` / `gru`: the state size. Default 192 (= 6 x 32). */
  hidden?: number;
  /** Seed of the weights. */
  seed: number;
}

/** {@link VideoModelConfig} with defaults filled in. */
export type ResolvedVideoModelConfig = Required<Omit<VideoModelConfig, 'layers'>> & { layers: RimLayerOptions[] };

const DEFAULTS = { channels: [16, 32] as const, featureSize: 128, hidden: 192, layers: [{ numUnits: 6, topK: 4, hidden: 32 }] };

/**
 * Fills defaults and checks a config.
 * @throws ConfigError naming every bad field.
 */
export function resolveVideoModelConfig(config: VideoModelConfig): ResolvedVideoModelConfig {
  assertKnownKeys('VideoModelConfig', config, ['kind', 'side', 'channels', 'featureSize', 'layers', 'hidden', 'seed']);
  const r: ResolvedVideoModelConfig = {
    kind: config.kind,
    side: config.side,
    channels: config.channels ?? DEFAULTS.channels,
    featureSize: config.featureSize ?? DEFAULTS.featureSize,
    layers: [...(config.layers ?? DEFAULTS.layers)],
    hidden: config.hidden ?? DEFAULTS.hidden,
    seed: config.seed,
  };
  const c = new ConfigCheck('VideoModelConfig');
  c.oneOf('kind', r.kind, ['rim', 'lstm', 'gru']);
  c.positiveInt('side', r.side);
  c.require(Number.isInteger(r.side) && r.side % 4 === 0, 'side', () => `must be a multiple of 4 (two stride-2 convolutions), got ${r.side}`);
  c.require(Array.isArray(r.channels) && r.channels.length === 2 && r.channels.every((n) => Number.isInteger(n) && n > 0), 'channels', () => `must be two positive integers, got ${JSON.stringify(r.channels)}`);
  c.positiveInt('featureSize', r.featureSize);
  c.positiveInt('hidden', r.hidden);
  c.require(Array.isArray(r.layers) && r.layers.length > 0, 'layers', () => `must be a non-empty array, got ${JSON.stringify(r.layers)}`);
  c.integer('seed', r.seed, -(2 ** 31), 2 ** 31 - 1);
  c.throwIfAny();
  return r;
}

/** Options of {@link VideoModel.forward} and {@link VideoModel.rollout}. */
export interface VideoForwardOptions {
  /** Dropout on (the RIM layers' own dropout); needs `seed`. Default false. */
  training?: boolean;
  seed?: number;
  /** `rim`: the engine of the RIM layers. Default `fused`. */
  engine?: RimEngine;
}
