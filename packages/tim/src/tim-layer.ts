import * as tf from '@tensorflow/tfjs-core';
import { assertShape, type Parameters } from '@rimjs/core';
import type { ForwardOptions } from './forward-options.js';
import { attentionMask, checkForwardOptions } from './internal/attention-mask.js';
import { initFor } from './internal/init-for.js';
import { timLayerBody } from './internal/tim-layer-body.js';
import { type ResolvedTimLayerConfig, resolveTimLayerConfig, type TimLayerConfig, timLayerParamShapes } from './tim-layer-config.js';

/** Result of {@link TimLayer.forward}; the caller disposes both. */
export type TimLayerResult = {
  /** `[batch, time, dModel]` */
  output: tf.Tensor3D;
  /** `[batch, time, ns]`: each position's competition over mechanisms (rows sum to 1). */
  competition: tf.Tensor3D;
};

/**
 * A TIM layer (Lamb et al., "Transformers with Competitive Ensembles of Independent
 * Mechanisms", arXiv 2103.00336, Sec. 3): the state `[batch, time, dModel]` is split into `ns`
 * mechanisms of `dMech = dModel / ns`; each has its own parameters, and mechanisms exchange
 * information only through the inter-mechanism attention. Post-norm, in this order
 * (`h_m` is mechanism `m`'s slice at one position, `LN_m` a layer norm of that slice with its own
 * gain and bias):
 *
 * ```
 * 1. c_m   = softmax_m((h_m w_m + b_m) / tau)                 competition, [batch, time, ns]; tau = competitionTemperature (1)
 * 2. a_m   = MHA_m(h_m over positions)                        own heads and projections (or shared)
 * 3. h_m  <- LN1_m(h_m + c_m * dropout(a_m))
 * 4. h_m  <- LN2_m(h_m + dropout(Comm_m(h_1..h_ns)))         mechanisms attend to each other, per position
 * 5. h_m  <- LN3_m(h_m + dropout(W2_m act(W1_m h_m + b1_m) + b2_m))
 * ```
 *
 * Steps 1-3 and 5 treat each mechanism alone (GroupLinear over a leading `ns` axis, one call
 * for all mechanisms); step 4 is the only place where mechanisms meet. Choices the paper leaves
 * open, as in the public TIM code unless said: the competition is a per-mechanism linear map to
 * one score (`U(+-0.05)` init); the communication has 2 heads of `dMech / 2` with per-mechanism
 * q/k/v/output maps and runs before the feed-forward (the public code runs it after; the issue's
 * order is kept, so the feed-forward output of a mechanism depends only on its own slice);
 * post-norm with epsilon `1e-6`; each mechanism gets `heads / ns` heads; own attention
 * projections by default (`shareAttention: true` gives the public code's shared ones).
 *
 * Parameters live in the given scope under the names of {@link timLayerParamShapes};
 * `dispose()` frees them.
 *
 * @example
 * const params = new Parameters(new Rng(0));
 * const layer = new TimLayer(params.scope('tim'), { dModel: 64, ns: 4 });
 * const { output, competition } = layer.forward(x, { causal: true }); // [2, 10, 64], [2, 10, 4]
 */
export class TimLayer {
  /** The config with every default filled in. */
  readonly config: ResolvedTimLayerConfig;
  /** The scope holding this layer's variables. */
  readonly params: Parameters;
  private readonly vars: Record<string, tf.Variable>;

  /** @throws ConfigError listing every problem of `config`. */
  constructor(params: Parameters, config: TimLayerConfig) {
    this.config = resolveTimLayerConfig(config);
    this.params = params;
    this.vars = {};
    for (const [name, shape] of Object.entries(timLayerParamShapes(config))) this.vars[name] = params.add(name, shape, initFor(name));
  }

  /** This layer's variables by relative name (not copies: do not dispose them). */
  weights(): Record<string, tf.Variable> {
    return { ...this.vars };
  }

  /**
   * @param x `[batch, time, dModel]`
   * @param options padding `mask [batch, time]`, `causal`, `training`, `seed`
   * @returns `{ output [batch, time, dModel], competition [batch, time, ns] }`, new tensors the caller disposes
   * @throws ShapeError when `x` or `options.mask` has the wrong shape.
   * @throws ConfigError when training with dropout and no seed.
   */
  forward(x: tf.Tensor3D, options: ForwardOptions = {}): TimLayerResult {
    const where = 'TimLayer.forward';
    const r = this.config;
    const [batch, time] = assertShape(where, 'x', x, [['batch', null], ['time', null], ['dModel', r.dModel]]) as [number, number];
    checkForwardOptions(where, options, batch, time, Math.max(r.dropout, r.attentionDropout));
    return tf.tidy(() => {
      const h = tf.reshape(x, [batch * time, r.ns, r.dMech]) as tf.Tensor3D; // [batch*time, ns, dMech]
      const mask = attentionMask(batch, time, options);
      const call = { batch, time, mask, training: options.training ?? false, seed: options.seed };
      const { h: out, competition } = timLayerBody(r, this.vars, h, call);
      return {
        output: tf.reshape(out, [batch, time, r.dModel]) as tf.Tensor3D, // [batch, time, dModel]
        competition: tf.reshape(competition, [batch, time, r.ns]) as tf.Tensor3D, // [batch, time, ns]
      };
    });
  }

  /** Frees this layer's variables. */
  dispose(): void {
    this.params.dispose();
  }
}
