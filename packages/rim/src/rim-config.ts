import { assertKnownKeys, ConfigCheck, ConfigError } from '@rimjs/core';

/** How the communication attention's output reaches a unit's state. */
export type CommOutput = 'gated' | 'residual';

/**
 * Every size and choice of one RIM cell. Names: `numUnits` (K), `topK` (active per step),
 * `hidden` (state size of one unit; papers quote `numUnits * hidden`, e.g. 600 = 6 x 100).
 */
export interface RimCellConfig {
  /** Size of one input row (`ninp` in the official code). */
  inputSize: number;
  /** Number of units K. */
  numUnits: number;
  /** Units active per step, in [1, numUnits]. */
  topK: number;
  /** State size of one unit. */
  hidden: number;
  /** Each unit's recurrent dynamics. */
  cell: 'lstm' | 'gru';
  /** Input rows per step (slots besides the null slot; e.g. CNN positions). */
  numInputs: number;
  /** Input attention heads. */
  inputHeads: number;
  /** Input attention key (and query) size per head. */
  inputKeySize: number;
  /** Input attention value size: each unit's cell input. */
  inputValueSize: number;
  /** Dropout on the input attention's attended value (training only). */
  inputDropout: number;
  /**
   * Where `inputDropout` draws its mask. `unit` (official): on each unit's attended value
   * `[batch, units, valueDim]`, a mask per unit. `slot`: on each input slot's value
   * `[batch, numInputs, heads*valueDim]`, one mask shared by the units reading it, so unit k's
   * input stays `alpha_k * dropout(x W_v)` and the fused engine keeps its whole-sequence
   * input-to-gates product in training.
   */
  inputDropoutPer: 'unit' | 'slot';
  /** Whether units communicate (ablation: `false`). */
  communication: boolean;
  /** Communication heads. */
  commHeads: number;
  /** Communication key (and query) size per head. */
  commKeySize: number;
  /** Communication value size per head. */
  commValueSize: number;
  /** `gated`: `h~ + sigmoid(gate(a)) * tanh(dropout(fc(a)))` (official); `residual`: `h~ + dropout(a W_o + b_o)` (paper). */
  commOutput: CommOutput;
  /** Dropout on the communication attention probabilities and inside the gated output (training only). */
  commDropout: number;
  /** Each unit reads only from its k best-scoring units; `null` reads from all. */
  commTopK: number | null;
  /** Multiply the gradient into the new states by the active mask before communication (official `blocked_grad`). */
  maskInactiveGradients: boolean;
  /** Std of the normal init of the attention projections (official `0.01 * randn`). */
  initStd: number;
  /** LSTM units: added to each unit's forget-gate bias at init (see @rimjs/cells `forgetBias`); official 0. */
  forgetBias: number;
}

/** A user config: `inputSize` and the preset's choices, with any field overridden. */
export type RimCellOptions = Partial<RimCellConfig> & { inputSize: number; preset?: RimPresetName };

/** The named presets. */
export type RimPresetName = 'official' | 'paper';

const OFFICIAL: Omit<RimCellConfig, 'inputSize' | 'inputValueSize'> = {
  numUnits: 6,
  topK: 4,
  hidden: 100,
  cell: 'lstm',
  numInputs: 1,
  inputHeads: 1,
  inputKeySize: 64,
  inputDropout: 0.1,
  inputDropoutPer: 'unit',
  communication: true,
  commHeads: 4,
  commKeySize: 16,
  commValueSize: 16,
  commOutput: 'gated',
  commDropout: 0.1,
  commTopK: null,
  maskInactiveGradients: true,
  initStd: 0.01,
  forgetBias: 0,
};

/**
 * `official`: what anirudh9119/RIMs `event_based/blocks_core.py` hard-codes and the parity
 * fixtures record. `paper`: the paper's Table 3 / App. C (4 input heads, communication key and
 * value 32, plain residual).
 */
export const RIM_PRESETS: Record<RimPresetName, Omit<RimCellConfig, 'inputSize' | 'inputValueSize'>> = {
  official: OFFICIAL,
  paper: { ...OFFICIAL, inputHeads: 4, commKeySize: 32, commValueSize: 32, commOutput: 'residual' },
};

const FIELDS = [...Object.keys(OFFICIAL), 'inputSize', 'inputValueSize', 'preset'];

/**
 * Parse -> resolve defaults -> validate: returns a complete config or throws a
 * {@link ConfigError} listing every problem, each naming its field.
 * `inputValueSize` defaults to `4 * hidden` (the official choice).
 *
 * @throws ConfigError for unknown fields, an unknown preset, sizes that are not positive
 * integers, `topK` outside `[1, numUnits]`, rates outside `[0, 1)`.
 */
export function resolveRimCellConfig(options: RimCellOptions): RimCellConfig {
  assertKnownKeys('RimCellConfig', options, FIELDS);
  const presetName = options.preset ?? 'official';
  if (!(presetName in RIM_PRESETS)) {
    throw new ConfigError(`RimCellConfig.preset: must be one of "official" | "paper", got ${JSON.stringify(presetName)}`);
  }
  const { preset: _preset, ...rest } = options;
  const merged = { ...RIM_PRESETS[presetName], ...rest };
  const config: RimCellConfig = { ...merged, inputValueSize: rest.inputValueSize ?? 4 * (merged.hidden ?? 0) };
  const c = new ConfigCheck('RimCellConfig');
  for (const f of ['inputSize', 'numUnits', 'hidden', 'numInputs', 'inputHeads', 'inputKeySize', 'inputValueSize', 'commHeads', 'commKeySize', 'commValueSize'] as const) {
    c.positiveInt(f, config[f]);
  }
  const units = Number.isInteger(config.numUnits) && config.numUnits > 0 ? config.numUnits : Infinity;
  c.integer('topK', config.topK, 1, units, 'numUnits');
  c.oneOf('cell', config.cell, ['lstm', 'gru']);
  c.oneOf('commOutput', config.commOutput, ['gated', 'residual']);
  c.oneOf('inputDropoutPer', config.inputDropoutPer, ['unit', 'slot']);
  c.rate('inputDropout', config.inputDropout).rate('commDropout', config.commDropout);
  c.number('initStd', config.initStd, 0);
  c.number('forgetBias', config.forgetBias);
  c.require(config.forgetBias === 0 || config.cell !== 'gru', 'forgetBias', () => `is for LSTM units (a GRU has no forget gate), got ${config.forgetBias}`);
  if (config.commTopK !== null) c.integer('commTopK', config.commTopK, 1, units, 'numUnits');
  for (const f of ['communication', 'maskInactiveGradients'] as const) {
    c.require(typeof config[f] === 'boolean', f, () => `must be a boolean, got ${JSON.stringify(config[f])}`);
  }
  c.throwIfAny();
  return config;
}
