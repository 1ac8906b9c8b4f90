import type * as tf from '@tensorflow/tfjs-core';
import { ConfigCheck, assertKnownKeys, type Rng } from '@rimjs/core';
import type { HostBatch, TensorSpec } from '../dataset.js';
import { GeneratedDataset } from '../generated-dataset.js';

/** Configuration of {@link AddingTask}; every field is optional. */
export interface AddingConfig {
  /** Sequence length, an integer >= 2. Default 50 (train); the tests use 200, 500, 1000. */
  readonly length?: number;
  /** Examples per epoch of `batches()`. Default 50000. */
  readonly size?: number;
  /** Examples of `evaluationSet()` when no size is given. Default 1000. */
  readonly evaluationSize?: number;
}

/** {@link AddingConfig} with every default filled in. */
export type ResolvedAddingConfig = Required<AddingConfig>;

/** The defaults of {@link AddingConfig}, in one place. */
export const ADDING_DEFAULTS: ResolvedAddingConfig = { length: 50, size: 50_000, evaluationSize: 1000 };

/** An adding batch as tensors. */
export type AddingBatch = {
  /** `[time, batch, 2]` float32: channel 0 the value in [0, 1), channel 1 the marker (0 or 1). */
  readonly inputs: tf.Tensor3D;
  /** `[batch, 1]` float32: the sum of the two marked values, in [0, 2). */
  readonly targets: tf.Tensor2D;
};

/**
 * The adding problem (Hochreiter & Schmidhuber 1997; RIMs paper Table 1).
 * Dimensions: `time = length`, `batch`, `channels = 2`.
 *
 * Each step carries a value `u_t ~ U[0, 1)` (24-bit, exact in float32) and a marker channel. Exactly two steps are marked:
 * `p1` uniform in `[0, h)` and `p2` uniform in `[h, length)` with `h = floor(length / 2)`, one in
 * each half. The target is `u_{p1} + u_{p2}` (computed in float32), in `[0, 2)`.
 *
 * @example
 * const task = new AddingTask({ length: 200 });
 * const batch = task.evaluationSet({ size: 256 }); // inputs [200, 256, 2], targets [256, 1]
 * @throws ConfigError (constructor) naming every invalid field.
 */
export class AddingTask extends GeneratedDataset<'inputs' | 'targets', AddingBatch> {
  readonly config: ResolvedAddingConfig;
  readonly name: string;
  readonly size: number;
  readonly evaluationSize: number;
  readonly shapes: { readonly inputs: TensorSpec; readonly targets: TensorSpec };

  constructor(config: AddingConfig = {}) {
    super();
    assertKnownKeys('AddingConfig', config, Object.keys(ADDING_DEFAULTS));
    const cfg = { ...ADDING_DEFAULTS, ...config };
    const c = new ConfigCheck('AddingConfig');
    c.integer('length', cfg.length, 2);
    c.positiveInt('size', cfg.size);
    c.positiveInt('evaluationSize', cfg.evaluationSize);
    c.throwIfAny();
    this.config = cfg;
    this.name = `adding-${cfg.length}`;
    this.size = cfg.size;
    this.evaluationSize = cfg.evaluationSize;
    this.shapes = {
      inputs: { dims: [['time', cfg.length], ['batch', null], ['channels', 2]], dtype: 'float32' },
      targets: { dims: [['batch', null], ['output', 1]], dtype: 'float32' },
    };
  }

  protected generate(rng: Rng, batch: number): HostBatch<'inputs' | 'targets'> {
    const length = this.config.length;
    const half = Math.floor(length / 2);
    const inputs = new Float32Array(length * batch * 2); // [time, batch, 2]
    const targets = new Float32Array(batch); // [batch, 1]
    for (let b = 0; b < batch; b++) {
      for (let t = 0; t < length; t++) inputs[(t * batch + b) * 2] = (rng.uint32() >>> 8) * 2 ** -24; // exact float32 in [0, 1)
      const p1 = rng.int(half);
      const p2 = half + rng.int(length - half);
      inputs[(p1 * batch + b) * 2 + 1] = 1;
      inputs[(p2 * batch + b) * 2 + 1] = 1;
      targets[b] = inputs[(p1 * batch + b) * 2]! + inputs[(p2 * batch + b) * 2]!;
    }
    return {
      inputs: { data: inputs, shape: [length, batch, 2], dtype: 'float32' },
      targets: { data: targets, shape: [batch, 1], dtype: 'float32' },
    };
  }
}
