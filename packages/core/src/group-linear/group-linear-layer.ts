import type * as tf from '@tensorflow/tfjs-core';
import { ConfigCheck } from '../assert.js';
import { type Initializer, torchDefault, zeros } from '../init/initializers.js';
import type { Parameters } from '../params/parameters.js';
import { groupLinear, type GroupLinearOptions } from './group-linear.js';

/** Config of {@link GroupLinear}. */
export interface GroupLinearConfig {
  /** Number of independent units (mechanisms, or slots). */
  units: number;
  /** Input size of one unit. */
  inputSize: number;
  /** Output size of one unit. */
  outputSize: number;
  /** Whether each unit has a bias `[units, out]`. Default `true`. */
  bias?: boolean;
  /** Weight initializer. Default PyTorch's `U(+-1/sqrt(inputSize))`. */
  weightInit?: Initializer;
  /** Bias initializer. Default zeros. */
  biasInit?: Initializer;
}

/**
 * A layer of `units` independent linear maps, holding `weight [units, in, out]` and
 * `bias [units, out]` in a {@link Parameters} scope.
 *
 * @example
 * const params = new Parameters(new Rng(0));
 * const lin = new GroupLinear(params.scope('proj'), { units: 6, inputSize: 100, outputSize: 64 });
 * const y = lin.apply(x); // x [batch, 6, 100] -> [batch, 6, 64]
 */
export class GroupLinear {
  readonly config: Required<Omit<GroupLinearConfig, 'weightInit' | 'biasInit'>>;
  readonly weight: tf.Variable; // [units, in, out]
  readonly bias: tf.Variable | null; // [units, out]

  /** @throws ConfigError when a size is not a positive integer. */
  constructor(params: Parameters, config: GroupLinearConfig) {
    const c = new ConfigCheck('GroupLinearConfig');
    c.positiveInt('units', config.units).positiveInt('inputSize', config.inputSize).positiveInt('outputSize', config.outputSize);
    c.throwIfAny();
    this.config = { units: config.units, inputSize: config.inputSize, outputSize: config.outputSize, bias: config.bias ?? true };
    const { units, inputSize, outputSize } = this.config;
    this.weight = params.add('weight', [units, inputSize, outputSize], config.weightInit ?? torchDefault(inputSize));
    this.bias = this.config.bias ? params.add('bias', [units, outputSize], config.biasInit ?? zeros()) : null;
  }

  /**
   * @param x `[batch, units, in]`
   * @returns `[batch, units, out]`
   * @throws ShapeError when `x` is not `[batch, units, in]`.
   */
  apply(x: tf.Tensor3D, options?: GroupLinearOptions): tf.Tensor3D {
    return groupLinear(x, this.weight as tf.Tensor3D, (this.bias ?? undefined) as tf.Tensor2D | undefined, options);
  }
}
