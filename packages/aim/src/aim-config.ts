import { assertKnownKeys, ConfigCheck } from '@rimjs/core';

/**
 * Which of the two forward passes of the official code (`huang50213/AIM-Fewshot-Continual`):
 * - `'fewshot'` (`Fewshot/AIM.py`, `aim_forward_w_null`): a null (all-zero) slot beside the
 *   input, a softmax over `[input, null]`, the not-null weight scores each mechanism; the key
 *   bias is PyTorch's `nn.Linear` default `U(+-1/sqrt(inputSize))`.
 * - `'continual'` (`Continual/model/aim.py`, `aim_forward`, as the OML/ANML learner calls it):
 *   no null slot, the raw scaled dot product scores each mechanism (it can be negative); the key
 *   bias starts at zero; the learner L2-normalises the output (`normalizeOutput`).
 */
export type AimVariant = 'fewshot' | 'continual';

/**
 * Config of {@link AimLayer} and {@link aimForward}. Dimensions: `inputSize` d_in, `numUnits` M,
 * `topK` k, `hiddenSize` d_h (each mechanism's learned state), `keySize` d_k (query and key per
 * head), `valueSize` d_v (each mechanism's output), `heads` H.
 */
export interface AimConfig {
  /** `'fewshot'` or `'continual'`; see {@link AimVariant}. */
  variant: AimVariant;
  /** Size of one input vector, d_in. */
  inputSize: number;
  /** Number of mechanisms M. */
  numUnits: number;
  /** Mechanisms selected per example, k (in `[1, numUnits]`). */
  topK: number;
  /** Size of each mechanism's learned state h_m. Default 128 (continual `modelfactory.py`; the few-shot configs use 256). */
  hiddenSize?: number;
  /** Key and query size per head. Default 128 (every released config). */
  keySize?: number;
  /** Size of each mechanism's value, the output size. Default `inputSize` (continual; few-shot configs use 400 or 800). */
  valueSize?: number;
  /** Attention heads; scores are averaged over heads. Default 1 (every released config). */
  heads?: number;
  /** Whether the output is L2-normalised (`F.normalize`, eps 1e-12). Default `true` for `'continual'` (the learner does it), `false` for `'fewshot'`. */
  normalizeOutput?: boolean;
}

/** An {@link AimConfig} with every default filled in. */
export type ResolvedAimConfig = Readonly<Required<AimConfig>>;

const KNOWN = ['variant', 'inputSize', 'numUnits', 'topK', 'hiddenSize', 'keySize', 'valueSize', 'heads', 'normalizeOutput'] as const;

/**
 * Fills in the defaults of an {@link AimConfig} and validates it, collecting every problem.
 * @throws ConfigError listing each problem, field first (`AimConfig.topK: must be an integer in [1, numUnits = 4], got 6`).
 * @example
 * resolveAimConfig({ variant: 'continual', inputSize: 144, numUnits: 64, topK: 10 }).valueSize; // 144
 */
export function resolveAimConfig(config: AimConfig, name = 'AimConfig'): ResolvedAimConfig {
  assertKnownKeys(name, config, KNOWN);
  const r: ResolvedAimConfig = {
    variant: config.variant,
    inputSize: config.inputSize,
    numUnits: config.numUnits,
    topK: config.topK,
    hiddenSize: config.hiddenSize ?? 128,
    keySize: config.keySize ?? 128,
    valueSize: config.valueSize ?? config.inputSize,
    heads: config.heads ?? 1,
    normalizeOutput: config.normalizeOutput ?? config.variant === 'continual',
  };
  const c = new ConfigCheck(name);
  c.oneOf('variant', r.variant, ['fewshot', 'continual'] as const);
  for (const f of ['inputSize', 'numUnits', 'hiddenSize', 'keySize', 'valueSize', 'heads'] as const) c.positiveInt(f, r[f]);
  const unitsOk = Number.isInteger(r.numUnits) && r.numUnits > 0;
  c.integer('topK', r.topK, 1, unitsOk ? r.numUnits : Infinity, unitsOk ? 'numUnits' : undefined);
  c.oneOf('normalizeOutput', r.normalizeOutput, [true, false]);
  c.throwIfAny();
  return r;
}

/**
 * The parameters of an AIM layer by name (relative to its scope) and shape; weights are `[in, out]`
 * with a leading `numUnits` axis where each mechanism owns one (official name in brackets).
 *
 * | name | shape | init |
 * | --- | --- | --- |
 * | `states` (`hs`) | `[M, d_h]` | N(0, 1) |
 * | `query.weight` (`query` / `query_weight`) | `[M, d_h, H*d_k]` | N(0, 2/d_h) |
 * | `key.weight` (`key`) | `[d_in, H*d_k]` | N(0, 2/d_in) |
 * | `key.bias` | `[H*d_k]` | fewshot U(+-1/sqrt(d_in)); continual 0 |
 * | `value.weight` (`hs_value` / `hs_weight`) | `[M, d_in, d_v]` | N(0, 2/d_in) |
 *
 * @throws ConfigError for an invalid config.
 */
export function aimParamShapes(config: AimConfig): Record<AimWeightName, number[]> {
  const r = resolveAimConfig(config);
  const hk = r.heads * r.keySize;
  return {
    states: [r.numUnits, r.hiddenSize],
    'query.weight': [r.numUnits, r.hiddenSize, hk],
    'key.weight': [r.inputSize, hk],
    'key.bias': [hk],
    'value.weight': [r.numUnits, r.inputSize, r.valueSize],
  };
}

/** The names of an AIM layer's weights. */
export type AimWeightName = 'states' | 'query.weight' | 'key.weight' | 'key.bias' | 'value.weight';
