import * as tf from '@tensorflow/tfjs-core';
import { assertShape, normal, type Parameters, ShapeError, torchDefault, zeros } from '@rimjs/core';
import type { ForwardOptions } from './forward-options.js';
import { attentionMask, checkForwardOptions } from './internal/attention-mask.js';
import { dropout, subSeed } from './internal/dropout.js';
import { project } from './internal/project.js';
import { timLayerBody } from './internal/tim-layer-body.js';
import { transformerLayerBody } from './internal/transformer-layer-body.js';
import { sinusoidalTable } from './sinusoidal-positional-encoding.js';
import { type ResolvedTimEncoderConfig, resolveTimEncoderConfig, type TimEncoderConfig } from './tim-encoder-config.js';
import { TimLayer } from './tim-layer.js';
import { TransformerLayer } from './transformer-layer.js';

/** Result of {@link TimEncoder.forward}; the caller disposes every tensor. */
export type TimEncoderResult = {
  /** `[batch, time, dModel]`: the last layer's output. */
  output: tf.Tensor3D;
  /** One `[batch, time, ns]` per TIM layer, in layer order (empty without TIM layers). */
  competition: tf.Tensor3D[];
  /** `[batch, time, outputSize]` when the config has `outputSize`. */
  logits?: tf.Tensor3D;
};

/**
 * A TIM encoder (Lamb et al., arXiv 2103.00336, Sec. 4): input embedding, positional encoding,
 * `layers` layers whose first `standardFirst` and last `standardLast` are standard post-norm
 * Transformer layers and whose middle ones are {@link TimLayer}s, then an optional linear head.
 * With `standardFirst = layers` (or `ns = 1` and no TIM layers) it is a plain Transformer of the
 * same width; {@link parameterMatchedTransformer} gives one with the same parameter count.
 *
 * ```
 * e_t = E[x_t]  (token: one-hot @ E, so it trains on every backend)  |  x_t W_in + b_in  (linear)
 * h^0 = dropout(e + PE)           PE sinusoidal, learned, or none
 * h^l = Layer_l(h^{l-1})          standard or TIM (mask, causal, dropout shared by all)
 * logits = h^L W_head + b_head    when outputSize is set
 * ```
 *
 * Batch-major: inputs are `[batch, time]` tokens or `[batch, time, inputSize]` floats. Token
 * ids outside `[0, vocabSize)` embed to zeros (one-hot of an out-of-range id), unchecked.
 * Parameters live in the given scope under the names of {@link timEncoderParamShapes};
 * `dispose()` frees them.
 *
 * @example
 * const params = new Parameters(new Rng(0));
 * const enc = new TimEncoder(params, { vocabSize: 3, dModel: 64, ns: 4, outputSize: 2 });
 * const { logits, competition } = enc.forward(tokens, { causal: true }); // [b, t, 2], 2 x [b, t, 4]
 */
export class TimEncoder {
  /** The resolved config: layer kinds, per-kind layer configs, input and head. */
  readonly config: ResolvedTimEncoderConfig;
  /** The scope holding every variable of the encoder. */
  readonly params: Parameters;
  /** The layers, in order (`TimLayer` where `config.kinds[i]` is `'tim'`). */
  readonly layers: ReadonlyArray<TimLayer | TransformerLayer>;
  private readonly vars: Record<string, tf.Variable> = {};
  private readonly peCache = new Map<number, Float32Array>();

  /** @throws ConfigError listing every problem of `config`, named `TimEncoderConfig.<field>`. */
  constructor(params: Parameters, config: TimEncoderConfig) {
    const r = resolveTimEncoderConfig(config);
    this.config = r;
    this.params = params;
    if (r.input === 'token') this.vars['embedding'] = params.add('embedding.weight', [r.inputWidth, r.dModel], normal({ std: 1 }));
    else {
      this.vars['input.weight'] = params.add('input.weight', [r.inputWidth, r.dModel], torchDefault());
      this.vars['input.bias'] = params.add('input.bias', [r.dModel], zeros());
    }
    if (r.positional === 'learned') this.vars['positional'] = params.add('positional.weight', [r.maxLength, r.dModel], normal({ std: 1 }));
    this.layers = r.kinds.map((kind, i) =>
      kind === 'tim'
        ? new TimLayer(params.scope(`layer${i}`), r.timLayerConfig)
        : new TransformerLayer(params.scope(`layer${i}`), r.standardLayerConfig),
    );
    if (r.outputSize !== undefined) {
      this.vars['head.weight'] = params.add('head.weight', [r.dModel, r.outputSize], torchDefault());
      this.vars['head.bias'] = params.add('head.bias', [r.outputSize], zeros());
    }
  }

  /**
   * @param x token ids int32 `[batch, time]` (token input) or floats `[batch, time, inputSize]` (linear input)
   * @param options padding `mask [batch, time]`, `causal`, `training`, `seed`
   * @returns `{ output [batch, time, dModel], competition: [batch, time, ns] per TIM layer, logits? [batch, time, outputSize] }`, new tensors the caller disposes
   * @throws ShapeError when `x` has the wrong rank, size or dtype, is longer than `maxLength`, or `options.mask` is not `[batch, time]`.
   * @throws ConfigError when training with dropout and no seed.
   */
  forward(x: tf.Tensor2D | tf.Tensor3D, options: ForwardOptions = {}): TimEncoderResult {
    const where = 'TimEncoder.forward';
    const r = this.config;
    const [batch, time] = (r.input === 'token'
      ? assertShape(where, 'x', x, [['batch', null], ['time', null]])
      : assertShape(where, 'x', x, [['batch', null], ['time', null], ['inputSize', r.inputWidth]])) as [number, number];
    if (r.input === 'token' && x.dtype !== 'int32') throw new ShapeError(`${where}: 'x' must be int32 token ids, got ${x.dtype}`);
    if (time > r.maxLength) throw new ShapeError(`${where}: 'x' has time = ${time}, more than maxLength = ${r.maxLength}`);
    const rates = [r.dropout, r.tim?.dropout ?? 0, r.tim?.attentionDropout ?? 0, r.standard?.attentionDropout ?? 0];
    checkForwardOptions(where, options, batch, time, Math.max(...rates));
    const training = options.training ?? false;
    const seed = options.seed;
    return tf.tidy(() => {
      const rows = batch * time;
      let e: tf.Tensor3D; // [rows, 1, dModel]
      if (r.input === 'token') {
        // int32 one-hot, then a cast: the wasm OneHot kernel writes zeros for a float32 dtype.
        const hot = tf.cast(tf.oneHot(tf.reshape(x, [rows]) as tf.Tensor1D, r.inputWidth), 'float32'); // [rows, vocab]
        e = project(tf.reshape(hot, [rows, 1, r.inputWidth]) as tf.Tensor3D, this.vars['embedding']!); // [rows, 1, dModel]
      } else {
        const flat = tf.reshape(x, [rows, 1, r.inputWidth]) as tf.Tensor3D; // [rows, 1, inputSize]
        e = project(flat, this.vars['input.weight']!, this.vars['input.bias']); // [rows, 1, dModel]
      }
      let h: tf.Tensor = tf.reshape(e, [batch, time, r.dModel]); // [batch, time, dModel]
      if (r.positional !== 'none') h = tf.add(h, this.positions(time)); // [batch, time, dModel]
      h = dropout(h, r.dropout, training, seed, 'embedding');
      const mask = attentionMask(batch, time, options);
      const competition: tf.Tensor3D[] = [];
      this.layers.forEach((layer, i) => {
        const call = { batch, time, mask, training, seed: seed === undefined ? undefined : subSeed(seed, `layer${i}`) };
        if (layer instanceof TimLayer) {
          const c = layer.config;
          const out = timLayerBody(c, layer.weights(), tf.reshape(h, [rows, c.ns, c.dMech]) as tf.Tensor3D, call);
          h = out.h; // [rows, ns, dMech]
          competition.push(tf.reshape(out.competition, [batch, time, c.ns]) as tf.Tensor3D); // [batch, time, ns]
        } else {
          h = transformerLayerBody(layer.config, layer.weights(), tf.reshape(h, [rows, 1, r.dModel]) as tf.Tensor3D, call); // [rows, 1, dModel]
        }
      });
      const output = tf.reshape(h, [batch, time, r.dModel]) as tf.Tensor3D; // [batch, time, dModel]
      const result: TimEncoderResult = { output, competition };
      if (r.outputSize !== undefined) {
        const z = project(tf.reshape(h, [rows, 1, r.dModel]) as tf.Tensor3D, this.vars['head.weight']!, this.vars['head.bias']); // [rows, 1, outputSize]
        result.logits = tf.reshape(z, [batch, time, r.outputSize]) as tf.Tensor3D; // [batch, time, outputSize]
      }
      return result;
    });
  }

  /** The positional term `[time, dModel]` (a slice of the learned table, or sinusoids). Inside a tidy. */
  private positions(time: number): tf.Tensor2D {
    const r = this.config;
    if (r.positional === 'learned') return tf.slice(this.vars['positional']!, [0, 0], [time, r.dModel]) as tf.Tensor2D;
    let table = this.peCache.get(time);
    if (!table) {
      table = sinusoidalTable(time, r.dModel);
      this.peCache.set(time, table);
    }
    return tf.tensor2d(table, [time, r.dModel]);
  }

  /** Frees every variable of the encoder (its whole scope). */
  dispose(): void {
    this.params.dispose();
  }
}
