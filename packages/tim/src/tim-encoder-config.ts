import { assertKnownKeys, ConfigCheck, ConfigError } from '@rimjs/core';
import type { Activation } from './internal/activation.js';
import { resolveTimLayerConfig, type ResolvedTimLayerConfig, type TimLayerConfig, timLayerParamShapes } from './tim-layer-config.js';
import {
  resolveTransformerLayerConfig,
  type ResolvedTransformerLayerConfig,
  type TransformerLayerConfig,
  transformerLayerParamShapes,
} from './transformer-layer-config.js';

/** How positions are encoded. */
export type PositionalKind = 'sinusoidal' | 'learned' | 'none';
/** What a layer of the encoder is. */
export type LayerKind = 'standard' | 'tim';

/**
 * Config of {@link TimEncoder}: an input embedding, a positional encoding, `layers` layers of
 * which the first `standardFirst` and the last `standardLast` are standard Transformer layers
 * and the middle ones TIM layers, and an optional linear head. Give exactly one of
 * `vocabSize` (token input, int32 `[batch, time]`) or `inputSize` (linear input, float
 * `[batch, time, inputSize]`). The layer fields are shared by every layer (`heads` is the
 * total of a layer; a TIM layer splits it over its mechanisms).
 */
export interface TimEncoderConfig {
  /** Token input: ids in `[0, vocabSize)`, embedded by a `[vocabSize, dModel]` table. */
  vocabSize?: number;
  /** Linear input: `[batch, time, inputSize]` floats through a `[inputSize, dModel]` map with bias. */
  inputSize?: number;
  /** Width of every layer. */
  dModel: number;
  /** Mechanisms of the TIM layers (ignored when there are none). */
  ns: number;
  /** Number of layers. Default 4. */
  layers?: number;
  /** Standard layers before the TIM layers. Default 1. */
  standardFirst?: number;
  /** Standard layers after the TIM layers. Default 1. */
  standardLast?: number;
  /** Self-attention heads per layer. Default `ns`. */
  heads?: number;
  /** Feed-forward width per layer (a TIM layer splits it over its mechanisms). Default `4 * dModel`. */
  dFF?: number;
  /** See {@link TimLayerConfig.shareAttention}. Default `false`. */
  shareAttention?: boolean;
  /** See {@link TimLayerConfig.communication}. Default `true`. */
  communication?: boolean;
  /** See {@link TimLayerConfig.commHeads}. Default 2. */
  commHeads?: number;
  /** See {@link TimLayerConfig.commKeyDim}. Default `dMech / commHeads`. */
  commKeyDim?: number;
  /** Dropout of the embedding and of every sub-block output, in training. Default 0.1. */
  dropout?: number;
  /** Dropout of the attention weights, in training. Default 0. */
  attentionDropout?: number;
  /** Feed-forward activation. Default `'relu'`. */
  activation?: Activation;
  /** Layer-norm epsilon. Default `1e-6`. */
  normEpsilon?: number;
  /** See {@link TimLayerConfig.competitionTemperature}. Default 1. */
  competitionTemperature?: number;
  /** `'sinusoidal'` (default, computed for any length up to `maxLength`), `'learned'` (a `[maxLength, dModel]` table) or `'none'`. */
  positional?: PositionalKind;
  /** Longest sequence accepted. Default 1024. */
  maxLength?: number;
  /** When set, a linear head `[dModel, outputSize]` with bias gives `logits [batch, time, outputSize]`. */
  outputSize?: number;
}

/** A {@link TimEncoderConfig} resolved: the per-kind layer configs and the layer order. */
export interface ResolvedTimEncoderConfig {
  readonly input: 'token' | 'linear';
  /** `vocabSize` (token) or `inputSize` (linear). */
  readonly inputWidth: number;
  readonly dModel: number;
  readonly positional: PositionalKind;
  readonly maxLength: number;
  readonly dropout: number;
  readonly outputSize: number | undefined;
  /** Kind of each layer, in order. */
  readonly kinds: readonly LayerKind[];
  /** The TIM layers' config (`undefined` when there are none). */
  readonly tim: ResolvedTimLayerConfig | undefined;
  /** The standard layers' config (`undefined` when there are none). */
  readonly standard: ResolvedTransformerLayerConfig | undefined;
  /** The config each TIM layer is built from. */
  readonly timLayerConfig: TimLayerConfig;
  /** The config each standard layer is built from. */
  readonly standardLayerConfig: TransformerLayerConfig;
}

const KNOWN = [
  'vocabSize', 'inputSize', 'dModel', 'ns', 'layers', 'standardFirst', 'standardLast', 'heads', 'dFF',
  'shareAttention', 'communication', 'commHeads', 'commKeyDim', 'dropout', 'attentionDropout', 'activation',
  'normEpsilon', 'competitionTemperature', 'positional', 'maxLength', 'outputSize',
] as const;

function problemsOf(f: () => unknown): string[] {
  try {
    f();
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return [...e.problems];
    throw e;
  }
}

/**
 * Fills in the defaults of a {@link TimEncoderConfig} and validates it (and its layer configs),
 * collecting every problem, each named `TimEncoderConfig.<field>`.
 * @throws ConfigError listing each problem.
 */
export function resolveTimEncoderConfig(config: TimEncoderConfig): ResolvedTimEncoderConfig {
  const name = 'TimEncoderConfig';
  assertKnownKeys(name, config, KNOWN);
  const layers = config.layers ?? 4;
  const first = config.standardFirst ?? 1;
  const last = config.standardLast ?? 1;
  const c = new ConfigCheck(name);
  const hasVocab = config.vocabSize !== undefined;
  c.require(hasVocab !== (config.inputSize !== undefined), 'vocabSize', () =>
    `give exactly one of vocabSize (token input) or inputSize (linear input), got ${hasVocab ? 'both' : 'neither'}`);
  if (hasVocab) c.positiveInt('vocabSize', config.vocabSize);
  if (config.inputSize !== undefined) c.positiveInt('inputSize', config.inputSize);
  c.positiveInt('layers', layers).integer('standardFirst', first, 0).integer('standardLast', last, 0);
  c.require(!(first + last > layers), 'standardLast', () =>
    `standardFirst + standardLast must be at most layers = ${layers}, got ${first} + ${last}`);
  const positional = config.positional ?? 'sinusoidal';
  c.oneOf('positional', positional, ['sinusoidal', 'learned', 'none'] as const);
  const maxLength = config.maxLength ?? 1024;
  c.positiveInt('maxLength', maxLength);
  if (config.outputSize !== undefined) c.positiveInt('outputSize', config.outputSize);
  const timCount = Math.max(0, layers - first - last);
  const kinds: LayerKind[] = Array.from({ length: Number.isInteger(layers) && layers > 0 ? layers : 0 }, (_, i) =>
    i < first || i >= first + timCount ? 'standard' : 'tim');
  const shared = {
    dModel: config.dModel,
    heads: config.heads ?? config.ns,
    dFF: config.dFF,
    dropout: config.dropout,
    attentionDropout: config.attentionDropout,
    activation: config.activation,
    normEpsilon: config.normEpsilon,
  };
  const timConfig: TimLayerConfig = {
    ...shared,
    ns: config.ns,
    shareAttention: config.shareAttention,
    communication: config.communication,
    commHeads: config.commHeads,
    commKeyDim: config.commKeyDim,
    competitionTemperature: config.competitionTemperature,
  };
  const standardConfig: TransformerLayerConfig = shared;
  const clean = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  const problems = problemsOf(() => c.throwIfAny());
  const layerProblems = [
    ...(kinds.includes('tim') ? problemsOf(() => resolveTimLayerConfig(clean(timConfig), name)) : []),
    ...(kinds.includes('standard') ? problemsOf(() => resolveTransformerLayerConfig(clean(standardConfig), name)) : []),
  ];
  if (!kinds.includes('tim')) problems.push(...problemsOf(() => new ConfigCheck(name).positiveInt('dModel', config.dModel).throwIfAny()));
  const all = [...new Set([...problems, ...layerProblems])];
  if (all.length > 0) throw new ConfigError(all);
  return {
    input: hasVocab ? 'token' : 'linear',
    inputWidth: (hasVocab ? config.vocabSize : config.inputSize)!,
    dModel: config.dModel,
    positional,
    maxLength,
    dropout: config.dropout ?? 0.1,
    outputSize: config.outputSize,
    kinds,
    tim: kinds.includes('tim') ? resolveTimLayerConfig(clean(timConfig), name) : undefined,
    standard: kinds.includes('standard') ? resolveTransformerLayerConfig(clean(standardConfig), name) : undefined,
    timLayerConfig: clean(timConfig),
    standardLayerConfig: clean(standardConfig),
  };
}

/**
 * The parameters of a {@link TimEncoder} by full name (relative to its scope) and shape:
 * `embedding.weight [vocabSize, dModel]` or `input.weight [inputSize, dModel]` and
 * `input.bias [dModel]`; `positional.weight [maxLength, dModel]` when learned; `layer<i>.<name>`
 * for each layer (see {@link timLayerParamShapes}, {@link transformerLayerParamShapes});
 * `head.weight [dModel, outputSize]`, `head.bias [outputSize]` when `outputSize` is set.
 * @throws ConfigError for an invalid config.
 */
export function timEncoderParamShapes(config: TimEncoderConfig): Record<string, number[]> {
  const r = resolveTimEncoderConfig(config);
  const s: Record<string, number[]> = {};
  if (r.input === 'token') s['embedding.weight'] = [r.inputWidth, r.dModel];
  else {
    s['input.weight'] = [r.inputWidth, r.dModel];
    s['input.bias'] = [r.dModel];
  }
  if (r.positional === 'learned') s['positional.weight'] = [r.maxLength, r.dModel];
  r.kinds.forEach((kind, i) => {
    const layer = kind === 'tim' ? timLayerParamShapes(r.timLayerConfig) : transformerLayerParamShapes(r.standardLayerConfig);
    for (const [n, shape] of Object.entries(layer)) s[`layer${i}.${n}`] = shape;
  });
  if (r.outputSize !== undefined) {
    s['head.weight'] = [r.dModel, r.outputSize];
    s['head.bias'] = [r.outputSize];
  }
  return s;
}

/**
 * Number of scalar parameters of a {@link TimEncoder} with this config (without building it).
 * @throws ConfigError for an invalid config.
 * @example
 * timEncoderParamCount({ vocabSize: 3, dModel: 64, ns: 4, outputSize: 2 });
 */
export function timEncoderParamCount(config: TimEncoderConfig): number {
  return Object.values(timEncoderParamShapes(config)).reduce((sum, shape) => sum + shape.reduce((a, b) => a * b, 1), 0);
}
