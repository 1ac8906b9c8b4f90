import { assertKnownKeys, ConfigCheck } from '@rimjs/core';
import { ACTIVATIONS, type Activation } from './internal/activation.js';

/**
 * Config of {@link TransformerLayer}, a standard post-norm Transformer encoder layer
 * (Vaswani et al. 2017) of width `dModel` with `heads` heads of `dModel / heads`.
 */
export interface TransformerLayerConfig {
  /** Width of the state. */
  dModel: number;
  /** Self-attention heads; must divide `dModel`. Default 4. */
  heads?: number;
  /** Feed-forward width. Default `4 * dModel`. */
  dFF?: number;
  /** Dropout on each sub-block's output before its residual add, in training. Default 0.1. */
  dropout?: number;
  /** Dropout on the attention weights, in training. Default 0. */
  attentionDropout?: number;
  /** Feed-forward activation. Default `'relu'`. */
  activation?: Activation;
  /** Layer-norm epsilon. Default `1e-6` (as the TIM layers). */
  normEpsilon?: number;
}

/** A {@link TransformerLayerConfig} with every default filled in. */
export type ResolvedTransformerLayerConfig = Required<TransformerLayerConfig>;

const KNOWN = ['dModel', 'heads', 'dFF', 'dropout', 'attentionDropout', 'activation', 'normEpsilon'] as const;

/**
 * Fills in the defaults of a {@link TransformerLayerConfig} and validates it, collecting every problem.
 * @throws ConfigError listing each problem, field first.
 */
export function resolveTransformerLayerConfig(config: TransformerLayerConfig, name = 'TransformerLayerConfig'): ResolvedTransformerLayerConfig {
  assertKnownKeys(name, config, KNOWN);
  const r: ResolvedTransformerLayerConfig = {
    dModel: config.dModel,
    heads: config.heads ?? 4,
    dFF: config.dFF ?? 4 * config.dModel,
    dropout: config.dropout ?? 0.1,
    attentionDropout: config.attentionDropout ?? 0,
    activation: config.activation ?? 'relu',
    normEpsilon: config.normEpsilon ?? 1e-6,
  };
  const c = new ConfigCheck(name);
  c.positiveInt('dModel', r.dModel).positiveInt('heads', r.heads).positiveInt('dFF', r.dFF);
  if (Number.isInteger(r.dModel) && r.dModel > 0 && Number.isInteger(r.heads) && r.heads > 0) {
    c.require(r.dModel % r.heads === 0, 'heads', () => `must divide dModel = ${r.dModel}, got ${r.heads}`);
  }
  c.rate('dropout', r.dropout).rate('attentionDropout', r.attentionDropout);
  c.oneOf('activation', r.activation, ACTIVATIONS);
  c.require(typeof r.normEpsilon === 'number' && r.normEpsilon > 0 && Number.isFinite(r.normEpsilon), 'normEpsilon', () =>
    `must be a positive number, got ${JSON.stringify(r.normEpsilon)}`);
  c.throwIfAny();
  return r;
}

/**
 * The parameters of a standard layer by name and shape (`[in, out]` weights):
 * `attention.{query,key,value,output}.weight [dModel, dModel]` and `.bias [dModel]`,
 * `norm1.{gain,bias} [dModel]`, `ffn.hidden.weight [dModel, dFF]`, `ffn.hidden.bias [dFF]`,
 * `ffn.output.weight [dFF, dModel]`, `ffn.output.bias [dModel]`, `norm3.{gain,bias} [dModel]`
 * (the same names as a TIM layer's, which has a `norm2` after its communication).
 * @throws ConfigError for an invalid config.
 */
export function transformerLayerParamShapes(config: TransformerLayerConfig): Record<string, number[]> {
  const { dModel, dFF } = resolveTransformerLayerConfig(config);
  const s: Record<string, number[]> = {};
  for (const p of ['query', 'key', 'value', 'output']) {
    s[`attention.${p}.weight`] = [dModel, dModel];
    s[`attention.${p}.bias`] = [dModel];
  }
  s['norm1.gain'] = [dModel];
  s['norm1.bias'] = [dModel];
  s['ffn.hidden.weight'] = [dModel, dFF];
  s['ffn.hidden.bias'] = [dFF];
  s['ffn.output.weight'] = [dFF, dModel];
  s['ffn.output.bias'] = [dModel];
  s['norm3.gain'] = [dModel];
  s['norm3.bias'] = [dModel];
  return s;
}
