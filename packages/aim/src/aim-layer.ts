import type * as tf from '@tensorflow/tfjs-core';
import { normal, type Initializer, type Parameters, torchDefault, zeros } from '@rimjs/core';
import { type AimConfig, type AimWeightName, aimParamShapes, type ResolvedAimConfig, resolveAimConfig } from './aim-config.js';
import { aimForward, type AimForwardOptions, type AimResult } from './aim-forward.js';

/**
 * Attentive Independent Mechanisms (Lee, Huang, Lee, ICCV 2021, arXiv 2107.14053), as the
 * official code computes it: M mechanisms, each with a learned state h_m, a query map and a value
 * ("expert") map; one shared key map (with bias) of the input; the k mechanisms that attend most
 * to the input are selected and their values of the input are summed, weighted by their
 * attention. Stateless: no recurrence, no communication. The equations are in {@link aimForward}.
 *
 * Dimensions: `batch`; `inputSize` d_in; `numUnits` M; `hiddenSize` d_h; `keySize` d_k per head;
 * `heads` H; `valueSize` d_v (the output size).
 *
 * Parameters live in the given scope under the names of {@link aimParamShapes}, initialised as the
 * official code (see that table); `dispose()` frees them.
 *
 * @example
 * const params = new Parameters(new Rng(0));
 * const aim = new AimLayer(params.scope('aim'), { variant: 'fewshot', inputSize: 256, numUnits: 32, topK: 8, valueSize: 400 });
 * const { output, mask } = aim.forward(features); // [batch, 400], [batch, 32] with 8 ones per row
 */
export class AimLayer {
  /** The config with every default filled in. */
  readonly config: ResolvedAimConfig;
  /** The scope holding this layer's variables. */
  readonly params: Parameters;
  private readonly vars: Record<AimWeightName, tf.Variable>;

  /** @throws ConfigError listing every problem of `config`. */
  constructor(params: Parameters, config: AimConfig) {
    this.config = resolveAimConfig(config);
    this.params = params;
    const shapes = aimParamShapes(this.config);
    const vars = {} as Record<AimWeightName, tf.Variable>;
    for (const name of Object.keys(shapes) as AimWeightName[]) vars[name] = params.add(name, shapes[name], aimInit(this.config, name));
    this.vars = vars;
  }

  /** This layer's variables by name (not copies: do not dispose them). */
  weights(): Readonly<Record<AimWeightName, tf.Variable>> {
    return { ...this.vars };
  }

  /**
   * @param x `[batch, inputSize]`
   * @param options `stochastic`: the training-time rank-position selection; default hard top-k
   * @returns `{ output [batch, valueSize], scores [batch, numUnits], mask [batch, numUnits], attention? [batch, numUnits, 2] }`, new tensors the caller disposes
   * @throws ShapeError when `x` is not `[batch, inputSize]`.
   * @throws ConfigError for a bad `stochastic` selection.
   */
  forward(x: tf.Tensor2D, options: AimForwardOptions = {}): AimResult {
    return aimForward(this.config, this.vars, x, options);
  }

  /** Frees this layer's variables. */
  dispose(): void {
    this.params.dispose();
  }
}

/**
 * The official initialiser of each AIM weight: `states` N(0, 1); `query.weight` N(0, 2/d_h);
 * `key.weight` and `value.weight` N(0, 2/d_in); `key.bias` PyTorch's Linear default
 * U(+-1/sqrt(d_in)) in the few-shot code, zeros in the continual code.
 */
export function aimInit(config: ResolvedAimConfig, name: AimWeightName): Initializer {
  switch (name) {
    case 'states':
      return normal({ std: 1 });
    case 'query.weight':
      return normal({ std: Math.sqrt(2 / config.hiddenSize) });
    case 'key.bias':
      return config.variant === 'fewshot' ? torchDefault(config.inputSize) : zeros();
    default:
      return normal({ std: Math.sqrt(2 / config.inputSize) });
  }
}
