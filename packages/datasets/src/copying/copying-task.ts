import type * as tf from '@tensorflow/tfjs-core';
import { ConfigCheck, assertKnownKeys, type Rng } from '@rimjs/core';
import type { HostBatch, TensorSpec } from '../dataset.js';
import { GeneratedDataset } from '../generated-dataset.js';

/** Configuration of {@link CopyingTask}; every field is optional. */
export interface CopyingConfig {
  /** `T` of the paper: the blank gap is `T - 1` steps, then the marker. Default 50 (train); the test uses 200. */
  readonly delay?: number;
  /** Symbols to copy. Default 10. */
  readonly numSymbols?: number;
  /** Symbols are drawn uniformly from `1..symbolRange`; the marker is `symbolRange + 1`. Default 8. */
  readonly symbolRange?: number;
  /** Examples per epoch of `batches()` (the generator has no fixed set). Default 50000. */
  readonly size?: number;
  /** Examples of `evaluationSet()` when no size is given. Default 1000. */
  readonly evaluationSize?: number;
}

/** {@link CopyingConfig} with every default filled in. */
export type ResolvedCopyingConfig = Required<CopyingConfig>;

/** The defaults of {@link CopyingConfig}, in one place. */
export const COPYING_DEFAULTS: ResolvedCopyingConfig = {
  delay: 50,
  numSymbols: 10,
  symbolRange: 8,
  size: 50_000,
  evaluationSize: 1000,
};

/** A copying batch as tensors: both `[time, batch]` int32 tokens, `time = T + 2 * numSymbols`. */
export type CopyingBatch = {
  /** `[time, batch]` int32: symbols, `T - 1` blanks, the marker, `numSymbols` blanks. */
  readonly inputs: tf.Tensor2D;
  /** `[time, batch]` int32: `T + numSymbols` blanks, then the input's symbols. */
  readonly targets: tf.Tensor2D;
};

/**
 * The copying memory task, official layout (RIMs paper Table 1; Arjovsky et al. 2016).
 * Dimensions: `time = T + 2n` with `n = numSymbols`, `batch`; vocabulary
 * `vocab = symbolRange + 2` (0 blank, `1..symbolRange` symbols, `symbolRange + 1` marker).
 *
 * For each sequence, symbols `s_0..s_{n-1}` are drawn uniformly from `1..symbolRange`:
 * - `inputs[t]  = s_t` for `t < n`; `0` for `n <= t < n + T - 1`; marker at `t = n + T - 1`;
 *   `0` for the last `n` steps;
 * - `targets[t] = 0` for `t < T + n`; `s_{t - T - n}` for the last `n` steps.
 *
 * With the defaults (`T = 50`, `n = 10`, symbols 1..8, marker 9): `time = 70`, `vocab = 10`;
 * the test sequences use `T = 200` (`time = 220`).
 *
 * @example
 * const task = new CopyingTask({ delay: 50 });
 * const { inputs, targets } = task.batchAt(0, 64, 1); // Int32Array [70 * 64] each, time-major
 * @throws ConfigError (constructor) naming every invalid field.
 */
export class CopyingTask extends GeneratedDataset<'inputs' | 'targets', CopyingBatch> {
  readonly config: ResolvedCopyingConfig;
  readonly name: string;
  readonly size: number;
  readonly evaluationSize: number;
  /** Sequence length `T + 2 * numSymbols`. */
  readonly time: number;
  /** Tokens in use: `symbolRange + 2`. */
  readonly vocab: number;
  /** The blank token, 0. */
  readonly blank = 0;
  /** The marker token, `symbolRange + 1`. */
  readonly marker: number;
  readonly shapes: { readonly inputs: TensorSpec; readonly targets: TensorSpec };

  constructor(config: CopyingConfig = {}) {
    super();
    assertKnownKeys('CopyingConfig', config, Object.keys(COPYING_DEFAULTS));
    const cfg = { ...COPYING_DEFAULTS, ...config };
    const c = new ConfigCheck('CopyingConfig');
    c.positiveInt('delay', cfg.delay);
    c.positiveInt('numSymbols', cfg.numSymbols);
    c.positiveInt('symbolRange', cfg.symbolRange);
    c.positiveInt('size', cfg.size);
    c.positiveInt('evaluationSize', cfg.evaluationSize);
    c.throwIfAny();
    this.config = cfg;
    this.name = `copying-T${cfg.delay}`;
    this.size = cfg.size;
    this.evaluationSize = cfg.evaluationSize;
    this.time = cfg.delay + 2 * cfg.numSymbols;
    this.vocab = cfg.symbolRange + 2;
    this.marker = cfg.symbolRange + 1;
    const dims = [['time', this.time], ['batch', null]] as const;
    this.shapes = { inputs: { dims, dtype: 'int32' }, targets: { dims, dtype: 'int32' } };
  }

  protected generate(rng: Rng, batch: number): HostBatch<'inputs' | 'targets'> {
    const { delay, numSymbols: n, symbolRange } = this.config;
    const inputs = new Int32Array(this.time * batch); // [time, batch]
    const targets = new Int32Array(this.time * batch); // [time, batch]
    for (let b = 0; b < batch; b++) {
      for (let i = 0; i < n; i++) {
        const s = 1 + rng.int(symbolRange);
        inputs[i * batch + b] = s;
        targets[(delay + n + i) * batch + b] = s;
      }
      inputs[(n + delay - 1) * batch + b] = this.marker;
    }
    const shape = [this.time, batch];
    return { inputs: { data: inputs, shape, dtype: 'int32' }, targets: { data: targets, shape, dtype: 'int32' } };
  }
}
