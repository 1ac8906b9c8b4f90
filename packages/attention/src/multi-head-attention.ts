import type * as tf from '@tensorflow/tfjs-core';
import { type Parameters, torchDefault, zeros } from '@rimjs/core';
import {
  multiHeadAttentionParamShapes,
  type MultiHeadAttentionConfig,
  type ResolvedMultiHeadAttentionConfig,
  resolveMultiHeadAttentionConfig,
} from './multi-head-attention-config.js';
import {
  multiHeadAttentionForward,
  type MultiHeadAttentionOptions,
  type MultiHeadAttentionResult,
  type MultiHeadAttentionWeights,
} from './multi-head-attention-step.js';

const PROJECTIONS = ['query.weight', 'key.weight', 'value.weight'];

/**
 * Multi-head attention among units (or from units to slots), with per-unit or shared
 * projections and the official RIM gated output.
 *
 * Dimensions: `batch`; `units` query rows of `querySize`; `slots` key/value rows of `keySize`
 * (default: the queries themselves); `heads` of `keyDim` / `valueDim`; `outputSize` per unit.
 *
 * The defaults are the official RIM communication (4 heads of 16, per-unit q/k/v without
 * bias, `sigmoid(gate(a)) * tanh(dropout(fc(a)))`, plus the queries). The parameters live in
 * the given {@link Parameters} scope under the names of {@link multiHeadAttentionParamShapes}
 * (`comm.query.weight` when the scope is `comm`); `dispose()` frees them.
 *
 * @example
 * const params = new Parameters(new Rng(0));
 * const comm = new MultiHeadAttention(params.scope('comm'), { units: 6, querySize: 100 });
 * const { output, weights } = comm.apply(h); // h [batch, 6, 100] -> [batch, 6, 100], [batch, 4, 6, 6]
 */
export class MultiHeadAttention {
  /** The config with every default filled in. */
  readonly config: ResolvedMultiHeadAttentionConfig;
  /** The scope holding this layer's variables. */
  readonly params: Parameters;
  private readonly vars: MultiHeadAttentionWeights;

  /** @throws ConfigError listing every problem of `config`. */
  constructor(params: Parameters, config: MultiHeadAttentionConfig) {
    this.config = resolveMultiHeadAttentionConfig(config);
    this.params = params;
    const hv = this.config.heads * this.config.valueDim;
    const vars: Record<string, tf.Variable> = {};
    for (const [name, shape] of Object.entries(multiHeadAttentionParamShapes(config))) {
      const isBias = name.endsWith('.bias');
      const init = PROJECTIONS.includes(name)
        ? this.config.projectionInit
        : isBias && /^(query|key|value)\./.test(name)
          ? zeros()
          : isBias
            ? (config.outputInit ?? torchDefault(hv))
            : this.config.outputInit;
      vars[name] = params.add(name, shape, init);
    }
    this.vars = vars as unknown as MultiHeadAttentionWeights;
  }

  /** This layer's variables by relative name (not copies: do not dispose them). */
  weights(): MultiHeadAttentionWeights {
    return { ...this.vars };
  }

  /**
   * @param queries `[batch, units, querySize]`
   * @param keysValues `[batch, slots, keySize]`; default `queries` (self-attention)
   * @param options `training`, `seed` (required when training with dropout), `mask`, `additiveMask`
   * @returns `{ output [batch, units, outputSize], weights [batch, heads, units, slots] }`, new tensors the caller disposes
   * @throws ShapeError naming the argument whose shape is wrong.
   * @throws ConfigError when training with dropout and no seed.
   */
  apply(queries: tf.Tensor3D, keysValues?: tf.Tensor3D, options: MultiHeadAttentionOptions = {}): MultiHeadAttentionResult {
    return multiHeadAttentionForward('MultiHeadAttention.apply', this.config, this.vars, queries, keysValues, options);
  }

  /** Frees this layer's variables. */
  dispose(): void {
    this.params.dispose();
  }
}
