import { assertKnownKeys, ConfigCheck } from '@rimjs/core';
import { ACTIVATIONS, type Activation } from './internal/activation.js';

export type { Activation } from './internal/activation.js';

/**
 * Config of {@link TimLayer}. Dimensions: `dModel = ns * dMech`; each mechanism owns a
 * `dMech` slice of the state, `heads / ns` self-attention heads of `dModel / heads`, a
 * `dFF / ns` feed-forward block and its own layer norms.
 */
export interface TimLayerConfig {
  /** Width of the state. Must be divisible by `ns`. */
  dModel: number;
  /** Number of mechanisms `ns`. */
  ns: number;
  /**
   * Self-attention heads of the whole layer, split evenly: each mechanism gets `heads / ns`
   * heads of size `dModel / heads` (as the public TIM code, `nhead // nb`). Default `ns`
   * (one head of `dMech` per mechanism).
   */
  heads?: number;
  /** Feed-forward width of the whole layer; each mechanism gets `dFF / ns`. Default `4 * dModel`. */
  dFF?: number;
  /** Whether every mechanism uses the same self-attention projections `[dMech, dMech]` (the public code's choice). Default `false`: own `[ns, dMech, dMech]`. */
  shareAttention?: boolean;
  /** Whether the inter-mechanism attention (step 4) runs. Default `true`. */
  communication?: boolean;
  /** Heads of the inter-mechanism attention. Default 2 (public code). */
  commHeads?: number;
  /** Key/value size per inter-mechanism head. Default `dMech / commHeads` (public code). */
  commKeyDim?: number;
  /** Dropout on each sub-block's output before its residual add, in training. Default 0.1. */
  dropout?: number;
  /** Dropout on the attention weights (both attentions), in training. Default 0. */
  attentionDropout?: number;
  /** Feed-forward activation. Default `'relu'`. */
  activation?: Activation;
  /** Layer-norm epsilon. Default `1e-6` (public code). */
  normEpsilon?: number;
  /**
   * Temperature `tau` of the competition softmax, `c = softmax_m(score_m / tau)`: below 1 the
   * competition is sharper (closer to one winner per position), above 1 flatter. The winner
   * (`argmax`) of given scores does not depend on it; training does. Default 1 (the paper).
   */
  competitionTemperature?: number;
}

/** A {@link TimLayerConfig} with every default filled in, plus the derived sizes. */
export interface ResolvedTimLayerConfig extends Required<TimLayerConfig> {
  /** `dModel / ns` */
  readonly dMech: number;
  /** `heads / ns` */
  readonly headsPerMechanism: number;
  /** `dFF / ns` */
  readonly dFFMech: number;
}

const KNOWN = [
  'dModel', 'ns', 'heads', 'dFF', 'shareAttention', 'communication', 'commHeads', 'commKeyDim',
  'dropout', 'attentionDropout', 'activation', 'normEpsilon', 'competitionTemperature',
] as const;

/**
 * Fills in the defaults of a {@link TimLayerConfig} and validates it, collecting every problem.
 * @throws ConfigError listing each problem, field first (`TimLayerConfig.dModel: must be divisible by ns = 4, got 30`).
 */
export function resolveTimLayerConfig(config: TimLayerConfig, name = 'TimLayerConfig'): ResolvedTimLayerConfig {
  assertKnownKeys(name, config, KNOWN);
  const { dModel, ns } = config;
  const heads = config.heads ?? ns;
  const dMech = dModel / ns;
  const commHeads = config.commHeads ?? 2;
  const r: ResolvedTimLayerConfig = {
    dModel,
    ns,
    heads,
    dFF: config.dFF ?? 4 * dModel,
    shareAttention: config.shareAttention ?? false,
    communication: config.communication ?? true,
    commHeads,
    commKeyDim: config.commKeyDim ?? dMech / commHeads,
    dropout: config.dropout ?? 0.1,
    attentionDropout: config.attentionDropout ?? 0,
    activation: config.activation ?? 'relu',
    normEpsilon: config.normEpsilon ?? 1e-6,
    competitionTemperature: config.competitionTemperature ?? 1,
    dMech,
    headsPerMechanism: heads / ns,
    dFFMech: (config.dFF ?? 4 * dModel) / ns,
  };
  const c = new ConfigCheck(name);
  c.positiveInt('dModel', dModel).positiveInt('ns', ns);
  const sizesOk = Number.isInteger(dModel) && dModel > 0 && Number.isInteger(ns) && ns > 0;
  if (sizesOk) c.require(dModel % ns === 0, 'dModel', () => `must be divisible by ns = ${ns}, got ${dModel}`);
  c.positiveInt('heads', heads);
  if (sizesOk && Number.isInteger(heads) && heads > 0) {
    c.require(heads % ns === 0, 'heads', () => `must be a multiple of ns = ${ns} (each mechanism gets heads / ns), got ${heads}`);
    c.require(dModel % heads === 0, 'heads', () => `must divide dModel = ${dModel} (head size dModel / heads), got ${heads}`);
  }
  c.positiveInt('dFF', r.dFF);
  if (sizesOk && Number.isInteger(r.dFF) && r.dFF > 0) {
    c.require(r.dFF % ns === 0, 'dFF', () => `must be divisible by ns = ${ns} (each mechanism gets dFF / ns), got ${r.dFF}`);
  }
  c.positiveInt('commHeads', commHeads);
  if (config.commKeyDim !== undefined) c.positiveInt('commKeyDim', config.commKeyDim);
  else if (sizesOk && dModel % ns === 0 && Number.isInteger(commHeads) && commHeads > 0) {
    c.require(dMech % commHeads === 0, 'commHeads', () =>
      `must divide dMech = dModel / ns = ${dMech} unless commKeyDim is given, got ${commHeads}`);
  }
  c.oneOf('shareAttention', r.shareAttention, [true, false]);
  c.oneOf('communication', r.communication, [true, false]);
  c.rate('dropout', r.dropout).rate('attentionDropout', r.attentionDropout);
  c.oneOf('activation', r.activation, ACTIVATIONS);
  c.require(typeof r.normEpsilon === 'number' && r.normEpsilon > 0 && Number.isFinite(r.normEpsilon), 'normEpsilon', () =>
    `must be a positive number, got ${JSON.stringify(r.normEpsilon)}`);
  const tau = r.competitionTemperature;
  c.require(typeof tau === 'number' && tau > 0 && Number.isFinite(tau), 'competitionTemperature', () =>
    `must be a positive finite number, got ${typeof tau === 'number' ? String(tau) : JSON.stringify(tau)}`);
  c.throwIfAny();
  return r;
}

/**
 * The parameters of a TIM layer by name (relative to its scope) and shape. Weights are
 * `[in, out]`; per-mechanism weights carry a leading `ns` axis.
 *
 * | name | shape |
 * | --- | --- |
 * | `competition.weight`, `competition.bias` | `[ns, dMech, 1]`, `[ns, 1]` |
 * | `attention.{query,key,value,output}.weight` | `[ns, dMech, dMech]` (`shareAttention`: `[dMech, dMech]`) |
 * | `attention.{query,key,value,output}.bias` | `[ns, dMech]` (`shareAttention`: `[dMech]`) |
 * | `norm1.gain`, `norm1.bias` (after attention) | `[ns, dMech]` |
 * | `communication.{query,key,value}.weight`, `.bias` | `[ns, dMech, commHeads*commKeyDim]`, `[ns, commHeads*commKeyDim]` |
 * | `communication.output.weight`, `.bias` | `[ns, commHeads*commKeyDim, dMech]`, `[ns, dMech]` |
 * | `norm2.gain`, `norm2.bias` (after communication) | `[ns, dMech]` |
 * | `ffn.hidden.weight`, `.bias` | `[ns, dMech, dFF/ns]`, `[ns, dFF/ns]` |
 * | `ffn.output.weight`, `.bias` | `[ns, dFF/ns, dMech]`, `[ns, dMech]` |
 * | `norm3.gain`, `norm3.bias` (after the feed-forward) | `[ns, dMech]` |
 *
 * @throws ConfigError for an invalid config.
 */
export function timLayerParamShapes(config: TimLayerConfig): Record<string, number[]> {
  const r = resolveTimLayerConfig(config);
  const { ns, dMech, dFFMech } = r;
  const ck = r.commHeads * r.commKeyDim;
  const s: Record<string, number[]> = {
    'competition.weight': [ns, dMech, 1],
    'competition.bias': [ns, 1],
  };
  for (const p of ['query', 'key', 'value', 'output']) {
    s[`attention.${p}.weight`] = r.shareAttention ? [dMech, dMech] : [ns, dMech, dMech];
    s[`attention.${p}.bias`] = r.shareAttention ? [dMech] : [ns, dMech];
  }
  s['norm1.gain'] = [ns, dMech];
  s['norm1.bias'] = [ns, dMech];
  if (r.communication) {
    for (const p of ['query', 'key', 'value']) {
      s[`communication.${p}.weight`] = [ns, dMech, ck];
      s[`communication.${p}.bias`] = [ns, ck];
    }
    s['communication.output.weight'] = [ns, ck, dMech];
    s['communication.output.bias'] = [ns, dMech];
    s['norm2.gain'] = [ns, dMech];
    s['norm2.bias'] = [ns, dMech];
  }
  s['ffn.hidden.weight'] = [ns, dMech, dFFMech];
  s['ffn.hidden.bias'] = [ns, dFFMech];
  s['ffn.output.weight'] = [ns, dFFMech, dMech];
  s['ffn.output.bias'] = [ns, dMech];
  s['norm3.gain'] = [ns, dMech];
  s['norm3.bias'] = [ns, dMech];
  return s;
}
