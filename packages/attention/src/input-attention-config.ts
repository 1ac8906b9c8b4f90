import { assertKnownKeys, ConfigCheck, type Initializer, normal } from '@rimjs/core';

/** How the slots' keys and values are projected: one matrix per slot (official) or one shared. */
export type KeyValueKind = 'perSlot' | 'shared';

/**
 * Config of {@link InputAttention} and {@link inputAttentionStep}. The defaults are the
 * official RIM input attention (`event_based/blocks_core.py`, `self.inp_att`): 1 head,
 * key 64, value `4 * querySize`, per-slot keys and values, no bias, dropout 0.1.
 */
export interface InputAttentionConfig {
  /** Number of units (the queries). */
  units: number;
  /** Size of a unit's state (`hk`). */
  querySize: number;
  /** Size of one input row. */
  inputSize: number;
  /** Input rows (slots excluding the null slot). Default 1. */
  numInputs?: number;
  /** Attention heads. Default 1. */
  heads?: number;
  /** Key (and query) size per head. Default 64. */
  keyDim?: number;
  /** Value size per head, and the size of each unit's result. Default `4 * querySize`. */
  valueDim?: number;
  /** `'perSlot'` (default): one key and one value matrix per slot, the null slot included; `'shared'`: one each. */
  keyValue?: KeyValueKind;
  /** Whether the q/k/v projections have a bias. Default `false` (then the null key and value are exactly 0). */
  bias?: boolean;
  /** Dropout rate on each unit's attended value, in training. Default 0.1. */
  dropout?: number;
  /** Multiplies `q k^T`. Default `1 / sqrt(keyDim)`. */
  scale?: number;
  /** Initializer of the q/k/v weights. Default `normal({ std: 0.01 })` (official). */
  projectionInit?: Initializer;
}

/** A config with every default filled in. */
export type ResolvedInputAttentionConfig = Required<InputAttentionConfig>;

const KNOWN = [
  'units', 'querySize', 'inputSize', 'numInputs', 'heads', 'keyDim', 'valueDim', 'keyValue', 'bias', 'dropout',
  'scale', 'projectionInit',
] as const;

/**
 * Fills in the defaults of an {@link InputAttentionConfig} and validates it, collecting every problem.
 * @throws ConfigError listing each problem, field first.
 * @example
 * resolveInputAttentionConfig({ units: 6, querySize: 100, inputSize: 600 }).valueDim; // 400
 */
export function resolveInputAttentionConfig(config: InputAttentionConfig): ResolvedInputAttentionConfig {
  const name = 'InputAttentionConfig';
  assertKnownKeys(name, config, KNOWN);
  const keyDim = config.keyDim ?? 64;
  const r: ResolvedInputAttentionConfig = {
    units: config.units,
    querySize: config.querySize,
    inputSize: config.inputSize,
    numInputs: config.numInputs ?? 1,
    heads: config.heads ?? 1,
    keyDim,
    valueDim: config.valueDim ?? 4 * config.querySize,
    keyValue: config.keyValue ?? 'perSlot',
    bias: config.bias ?? false,
    dropout: config.dropout ?? 0.1,
    scale: config.scale ?? 1 / Math.sqrt(keyDim),
    projectionInit: config.projectionInit ?? normal({ std: 0.01 }),
  };
  const c = new ConfigCheck(name);
  for (const f of ['units', 'querySize', 'inputSize', 'numInputs', 'heads', 'keyDim', 'valueDim'] as const) {
    c.positiveInt(f, r[f]);
  }
  c.oneOf('keyValue', r.keyValue, ['perSlot', 'shared'] as const);
  c.require(typeof r.bias === 'boolean', 'bias', () => `must be a boolean, got ${JSON.stringify(r.bias)}`);
  c.rate('dropout', r.dropout);
  c.require(typeof r.scale === 'number' && Number.isFinite(r.scale) && r.scale > 0, 'scale', () => `must be a positive number, got ${JSON.stringify(r.scale)}`);
  c.throwIfAny();
  return r;
}

/**
 * The parameters a config needs, by name and shape (`slots = 1 + numInputs`, slot 0 the null
 * slot). Weights are `[in, out]`; the official `GLN_*.w` tensors have exactly these shapes.
 *
 * | name | shape |
 * | --- | --- |
 * | `query.weight` | `[units, querySize, heads*keyDim]` (official `inp_att.GLN_qs.w`) |
 * | `key.weight` | `[slots, inputSize, heads*keyDim]` (official `inp_att.GLN_ks.w`); shared: `[inputSize, heads*keyDim]` |
 * | `value.weight` | `[slots, inputSize, heads*valueDim]` (official `inp_att.GLN_vs.w`); shared: `[inputSize, heads*valueDim]` |
 * | `query.bias`, `key.bias`, `value.bias` (with `bias`) | `[units, .]`, `[slots, .]` (shared: `[.]`) |
 * @throws ConfigError for an invalid config.
 * @example
 * inputAttentionParamShapes({ units: 6, querySize: 100, inputSize: 600 })['value.weight']; // [2, 600, 400]
 */
export function inputAttentionParamShapes(config: InputAttentionConfig): Record<string, number[]> {
  const r = resolveInputAttentionConfig(config);
  const hk = r.heads * r.keyDim;
  const hv = r.heads * r.valueDim;
  const slots = 1 + r.numInputs;
  const per = r.keyValue === 'perSlot';
  const shapes: Record<string, number[]> = {
    'query.weight': [r.units, r.querySize, hk],
    'key.weight': per ? [slots, r.inputSize, hk] : [r.inputSize, hk],
    'value.weight': per ? [slots, r.inputSize, hv] : [r.inputSize, hv],
  };
  if (r.bias) {
    shapes['query.bias'] = [r.units, hk];
    shapes['key.bias'] = per ? [slots, hk] : [hk];
    shapes['value.bias'] = per ? [slots, hv] : [hv];
  }
  return shapes;
}
