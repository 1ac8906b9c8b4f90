import * as tf from '@tensorflow/tfjs-core';
import { assertShape, type Parameters } from '@rimjs/core';
import type { ForwardOptions } from './forward-options.js';
import { attentionMask, checkForwardOptions } from './internal/attention-mask.js';
import { initFor } from './internal/init-for.js';
import { transformerLayerBody } from './internal/transformer-layer-body.js';
import {
  type ResolvedTransformerLayerConfig,
  resolveTransformerLayerConfig,
  type TransformerLayerConfig,
  transformerLayerParamShapes,
} from './transformer-layer-config.js';

/** Result of {@link TransformerLayer.forward}; the caller disposes it. */
export type TransformerLayerResult = {
  /** `[batch, time, dModel]` */
  output: tf.Tensor3D;
};

/**
 * A standard post-norm Transformer encoder layer (Vaswani et al. 2017), the same block as a TIM
 * layer with one mechanism and neither competition nor communication. Dimensions `batch`,
 * `time`, `dModel`; `heads` heads of `dModel / heads`.
 *
 * ```
 * h   = LN1(x + dropout(MHA(x)))
 * out = LN3(h + dropout(W2 act(W1 h + b1) + b2))
 * ```
 *
 * Parameters live in the given scope under the names of {@link transformerLayerParamShapes};
 * `dispose()` frees them.
 *
 * @example
 * const params = new Parameters(new Rng(0));
 * const layer = new TransformerLayer(params.scope('std'), { dModel: 64, heads: 4 });
 * const { output } = layer.forward(x, { causal: true }); // [2, 10, 64]
 */
export class TransformerLayer {
  /** The config with every default filled in. */
  readonly config: ResolvedTransformerLayerConfig;
  /** The scope holding this layer's variables. */
  readonly params: Parameters;
  private readonly vars: Record<string, tf.Variable>;

  /** @throws ConfigError listing every problem of `config`. */
  constructor(params: Parameters, config: TransformerLayerConfig) {
    this.config = resolveTransformerLayerConfig(config);
    this.params = params;
    this.vars = {};
    for (const [name, shape] of Object.entries(transformerLayerParamShapes(config))) this.vars[name] = params.add(name, shape, initFor(name));
  }

  /** This layer's variables by relative name (not copies: do not dispose them). */
  weights(): Record<string, tf.Variable> {
    return { ...this.vars };
  }

  /**
   * @param x `[batch, time, dModel]`
   * @param options padding `mask [batch, time]`, `causal`, `training`, `seed`
   * @returns `{ output [batch, time, dModel] }`, a new tensor the caller disposes
   * @throws ShapeError when `x` or `options.mask` has the wrong shape.
   * @throws ConfigError when training with dropout and no seed.
   */
  forward(x: tf.Tensor3D, options: ForwardOptions = {}): TransformerLayerResult {
    const where = 'TransformerLayer.forward';
    const r = this.config;
    const [batch, time] = assertShape(where, 'x', x, [['batch', null], ['time', null], ['dModel', r.dModel]]) as [number, number];
    checkForwardOptions(where, options, batch, time, Math.max(r.dropout, r.attentionDropout));
    return tf.tidy(() => {
      const h = tf.reshape(x, [batch * time, 1, r.dModel]) as tf.Tensor3D; // [batch*time, 1, dModel]
      const mask = attentionMask(batch, time, options);
      const out = transformerLayerBody(r, this.vars, h, { batch, time, mask, training: options.training ?? false, seed: options.seed });
      return { output: tf.reshape(out, [batch, time, r.dModel]) as tf.Tensor3D }; // [batch, time, dModel]
    });
  }

  /** Frees this layer's variables. */
  dispose(): void {
    this.params.dispose();
  }
}
