import { assertKnownKeys, ConfigCheck, type Initializer, normal, torchDefault } from '@rimjs/core';
import type { SparseTopKMethod } from './sparse-top-k-attention.js';

/** How queries, keys and values are projected. */
export type ProjectionKind = 'perUnit' | 'shared';
/** What follows the attention. */
export type OutputKind = 'none' | 'shared' | 'perUnit' | 'gated';

/**
 * Config of {@link MultiHeadAttention} and {@link multiHeadAttentionStep}. Every default below
 * gives the **official RIM communication** (`anirudh9119/RIMs`, `event_based/blocks_core.py`,
 * `self.mha`): `{ units: 6, querySize: 100 }` is exactly it.
 */
export interface MultiHeadAttentionConfig {
  /** Number of query rows (units). Fixed when any per-unit weight exists. */
  units: number;
  /** Size of one query row (a unit's state). */
  querySize: number;
  /** Size of one key/value row. Default `querySize`. */
  keySize?: number;
  /** Number of key/value rows (slots). Default `units` (self-attention among units). */
  slots?: number;
  /** Attention heads. Default 4. */
  heads?: number;
  /** Key (and query) size per head. Default 16. */
  keyDim?: number;
  /** Value size per head. Default `keyDim`. */
  valueDim?: number;
  /** `'perUnit'` (default): one q matrix per unit and one k/v matrix per slot (GroupLinear); `'shared'`: one of each. */
  projection?: ProjectionKind;
  /** Whether the q/k/v projections have a bias. Default `false`. */
  bias?: boolean;
  /** `'gated'` (default), `'shared'`, `'perUnit'` or `'none'`; see the README's equations. */
  output?: OutputKind;
  /** Output size per unit. Default `querySize` (`heads * valueDim` for `'none'`). */
  outputSize?: number;
  /** Whether the queries are added to the output (needs `outputSize = querySize`). Default `true`. */
  residual?: boolean;
  /** Dropout rate on the output projection (the official `fc`), in training. Default 0.1. */
  dropout?: number;
  /** Dropout rate on the attention weights, in training. Default 0 (the official code has none). */
  attentionDropout?: number;
  /** When set, each query keeps its k best weights (sparse attention). Default: off. */
  sparseTopK?: number;
  /** How to sparsify; see {@link SparseTopKMethod}. Default `'renormalize'`. */
  sparseMethod?: SparseTopKMethod;
  /** Multiplies `q k^T`. Default `1 / sqrt(keyDim)`. */
  scale?: number;
  /** Initializer of the q/k/v weights. Default `normal({ std: 0.01 })` (official). */
  projectionInit?: Initializer;
  /** Initializer of output weights and biases. Default PyTorch's `U(+-1/sqrt(fanIn))`. */
  outputInit?: Initializer;
}

/** A config with every default filled in. */
export type ResolvedMultiHeadAttentionConfig = Required<Omit<MultiHeadAttentionConfig, 'sparseTopK'>> & {
  sparseTopK: number | undefined;
};

const KNOWN = [
  'units', 'querySize', 'keySize', 'slots', 'heads', 'keyDim', 'valueDim', 'projection', 'bias', 'output',
  'outputSize', 'residual', 'dropout', 'attentionDropout', 'sparseTopK', 'sparseMethod', 'scale',
  'projectionInit', 'outputInit',
] as const;

/**
 * Fills in the defaults of a {@link MultiHeadAttentionConfig} and validates it, collecting
 * every problem.
 * @throws ConfigError listing each problem, field first.
 * @example
 * resolveMultiHeadAttentionConfig({ units: 6, querySize: 100 }).heads; // 4
 */
export function resolveMultiHeadAttentionConfig(config: MultiHeadAttentionConfig): ResolvedMultiHeadAttentionConfig {
  const name = 'MultiHeadAttentionConfig';
  assertKnownKeys(name, config, KNOWN);
  const heads = config.heads ?? 4;
  const keyDim = config.keyDim ?? 16;
  const valueDim = config.valueDim ?? keyDim;
  const output = config.output ?? 'gated';
  const r: ResolvedMultiHeadAttentionConfig = {
    units: config.units,
    querySize: config.querySize,
    keySize: config.keySize ?? config.querySize,
    slots: config.slots ?? config.units,
    heads,
    keyDim,
    valueDim,
    projection: config.projection ?? 'perUnit',
    bias: config.bias ?? false,
    output,
    outputSize: config.outputSize ?? (output === 'none' ? heads * valueDim : config.querySize),
    residual: config.residual ?? true,
    dropout: config.dropout ?? 0.1,
    attentionDropout: config.attentionDropout ?? 0,
    sparseTopK: config.sparseTopK,
    sparseMethod: config.sparseMethod ?? 'renormalize',
    scale: config.scale ?? 1 / Math.sqrt(keyDim),
    projectionInit: config.projectionInit ?? normal({ std: 0.01 }),
    outputInit: config.outputInit ?? torchDefault(),
  };
  const c = new ConfigCheck(name);
  for (const f of ['units', 'querySize', 'keySize', 'slots', 'heads', 'keyDim', 'valueDim', 'outputSize'] as const) {
    c.positiveInt(f, r[f]);
  }
  c.oneOf('projection', r.projection, ['perUnit', 'shared'] as const);
  c.oneOf('output', r.output, ['none', 'shared', 'perUnit', 'gated'] as const);
  c.oneOf('sparseMethod', r.sparseMethod, ['renormalize', 'official'] as const);
  c.require(typeof r.bias === 'boolean', 'bias', () => `must be a boolean, got ${JSON.stringify(r.bias)}`);
  c.require(typeof r.residual === 'boolean', 'residual', () => `must be a boolean, got ${JSON.stringify(r.residual)}`);
  c.rate('dropout', r.dropout).rate('attentionDropout', r.attentionDropout);
  c.require(typeof r.scale === 'number' && Number.isFinite(r.scale) && r.scale > 0, 'scale', () => `must be a positive number, got ${JSON.stringify(r.scale)}`);
  if (r.sparseTopK !== undefined) c.positiveInt('sparseTopK', r.sparseTopK);
  if (r.output === 'none') {
    c.require(r.outputSize === r.heads * r.valueDim, 'outputSize', () =>
      `must be heads * valueDim = ${r.heads * r.valueDim} when output is 'none', got ${r.outputSize}`);
  }
  if (r.residual) {
    c.require(r.outputSize === r.querySize, 'outputSize', () =>
      `must equal querySize = ${r.querySize} when residual is true, got ${r.outputSize}`);
  }
  c.throwIfAny();
  return r;
}

/**
 * The parameters a config needs, by name (relative to the layer's scope) and shape. Weights are
 * `[in, out]` (PyTorch's `Linear.weight` is `[out, in]`: transpose when importing); per-unit
 * weights carry a leading `units` (or `slots`) axis.
 *
 * | name | shape |
 * | --- | --- |
 * | `query.weight` | `[units, querySize, heads*keyDim]` (shared: `[querySize, heads*keyDim]`) |
 * | `key.weight` | `[slots, keySize, heads*keyDim]` (shared: `[keySize, heads*keyDim]`) |
 * | `value.weight` | `[slots, keySize, heads*valueDim]` (shared: `[keySize, heads*valueDim]`) |
 * | `query.bias`, `key.bias`, `value.bias` (with `bias`) | `[units or slots, out]` (shared: `[out]`) |
 * | `output.weight`, `output.bias` (`'shared'`) | `[heads*valueDim, outputSize]`, `[outputSize]` |
 * | `output.weight`, `output.bias` (`'perUnit'`) | `[units, heads*valueDim, outputSize]`, `[units, outputSize]` |
 * | `fc.weight`, `fc.bias`, `gate.weight`, `gate.bias` (`'gated'`) | `[heads*valueDim, outputSize]`, `[outputSize]` |
 * @throws ConfigError for an invalid config.
 * @example
 * multiHeadAttentionParamShapes({ units: 6, querySize: 100 })['fc.weight']; // [64, 100]
 */
export function multiHeadAttentionParamShapes(config: MultiHeadAttentionConfig): Record<string, number[]> {
  const r = resolveMultiHeadAttentionConfig(config);
  const hk = r.heads * r.keyDim;
  const hv = r.heads * r.valueDim;
  const per = r.projection === 'perUnit';
  const shapes: Record<string, number[]> = {
    'query.weight': per ? [r.units, r.querySize, hk] : [r.querySize, hk],
    'key.weight': per ? [r.slots, r.keySize, hk] : [r.keySize, hk],
    'value.weight': per ? [r.slots, r.keySize, hv] : [r.keySize, hv],
  };
  if (r.bias) {
    shapes['query.bias'] = per ? [r.units, hk] : [hk];
    shapes['key.bias'] = per ? [r.slots, hk] : [hk];
    shapes['value.bias'] = per ? [r.slots, hv] : [hv];
  }
  if (r.output === 'shared') {
    shapes['output.weight'] = [hv, r.outputSize];
    shapes['output.bias'] = [r.outputSize];
  } else if (r.output === 'perUnit') {
    shapes['output.weight'] = [r.units, hv, r.outputSize];
    shapes['output.bias'] = [r.units, r.outputSize];
  } else if (r.output === 'gated') {
    shapes['fc.weight'] = [hv, r.outputSize];
    shapes['fc.bias'] = [r.outputSize];
    shapes['gate.weight'] = [hv, r.outputSize];
    shapes['gate.bias'] = [r.outputSize];
  }
  return shapes;
}
