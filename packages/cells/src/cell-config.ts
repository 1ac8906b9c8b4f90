import { assertKnownKeys, ConfigCheck, ConfigError, torchDefault, type Initializer } from '@rimjs/core';

/** Config of a dense {@link LstmCell} or {@link GruCell}. */
export interface CellConfig {
  /** Size of the input's last axis. */
  inputSize: number;
  /** Size of the state `h` (and `c`). */
  hiddenSize: number;
  /** Dropout rate on the input, in `[0, 1)`, applied only when training. Default 0. */
  inputDropout?: number;
  /** Dropout rate on the state fed to `W_hh`, in `[0, 1)`, applied only when training. Default 0. */
  stateDropout?: number;
  /** Initializer of `weightIh`, `weightHh`. Default PyTorch's `U(+-1/sqrt(hiddenSize))`. */
  weightInit?: Initializer;
  /** Initializer of `biasIh`, `biasHh`. Default PyTorch's `U(+-1/sqrt(hiddenSize))`. */
  biasInit?: Initializer;
  /**
   * LSTM only: added at initialisation to the forget gate's part of `biasHh` (gate `f`,
   * `[hidden, 2*hidden)`), so that a new cell starts by keeping its memory (Gers et al. 2000;
   * Jozefowicz et al. 2015; Keras' `unitForgetBias` is 1). Default 0, PyTorch's init.
   */
  forgetBias?: number;
}

/** Config of a {@link GroupLstmCell} or {@link GroupGruCell}: `units` independent cells. */
export interface GroupCellConfig extends CellConfig {
  /** Number of independent cells (mechanisms); `inputSize` and `hiddenSize` are per unit. */
  units: number;
}

/** A config with every default filled in. */
export type ResolvedCellConfig = Required<CellConfig>;
/** A grouped config with every default filled in. */
export type ResolvedGroupCellConfig = Required<GroupCellConfig>;

/** The defaults, in one place (initializers depend on `hiddenSize`, see {@link CellConfig}). */
export const CELL_DEFAULTS = { inputDropout: 0, stateDropout: 0, forgetBias: 0 } as const;

const DENSE_KEYS = ['inputSize', 'hiddenSize', 'inputDropout', 'stateDropout', 'weightInit', 'biasInit', 'forgetBias'] as const;

/**
 * Parses, fills defaults and validates a cell config.
 * @throws ConfigError listing every problem (unknown keys, non-positive sizes, rates outside [0, 1)).
 */
export function resolveCellConfig(name: string, config: CellConfig): ResolvedCellConfig;
export function resolveCellConfig(name: string, config: GroupCellConfig, grouped: true): ResolvedGroupCellConfig;
export function resolveCellConfig(
  name: string,
  config: CellConfig | GroupCellConfig,
  grouped = false,
): ResolvedCellConfig | ResolvedGroupCellConfig {
  if (typeof config !== 'object' || config === null) {
    throw new ConfigError(`${name}: config must be an object, got ${JSON.stringify(config)}`);
  }
  assertKnownKeys(name, config, grouped ? ['units', ...DENSE_KEYS] : DENSE_KEYS);
  const c = new ConfigCheck(name);
  if (grouped) c.positiveInt('units', (config as GroupCellConfig).units);
  c.positiveInt('inputSize', config.inputSize).positiveInt('hiddenSize', config.hiddenSize);
  const inputDropout = config.inputDropout ?? CELL_DEFAULTS.inputDropout;
  const stateDropout = config.stateDropout ?? CELL_DEFAULTS.stateDropout;
  c.rate('inputDropout', inputDropout).rate('stateDropout', stateDropout);
  const forgetBias = config.forgetBias ?? CELL_DEFAULTS.forgetBias;
  c.number('forgetBias', forgetBias);
  c.require(forgetBias === 0 || !name.includes('Gru'), 'forgetBias', () => `is for LSTM cells (a GRU has no forget gate), got ${forgetBias}`);
  c.require(config.weightInit === undefined || typeof config.weightInit === 'function', 'weightInit', () => 'must be an Initializer function');
  c.require(config.biasInit === undefined || typeof config.biasInit === 'function', 'biasInit', () => 'must be an Initializer function');
  c.throwIfAny();
  const init = torchDefault(config.hiddenSize);
  const resolved: ResolvedCellConfig = {
    inputSize: config.inputSize,
    hiddenSize: config.hiddenSize,
    inputDropout,
    stateDropout,
    weightInit: config.weightInit ?? init,
    biasInit: config.biasInit ?? init,
    forgetBias,
  };
  return grouped ? { units: (config as GroupCellConfig).units, ...resolved } : resolved;
}
