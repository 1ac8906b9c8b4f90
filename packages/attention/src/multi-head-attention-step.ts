import * as tf from '@tensorflow/tfjs-core';
import { assertShape, type Dim, ShapeError } from '@rimjs/core';
import { checkNamedWeights } from './internal/check-named-weights.js';
import { attend } from './internal/attend.js';
import { dropout, type DropoutOptions } from './internal/dropout.js';
import { mergeHeads, splitHeads, splitHeadsTransposed } from './internal/heads.js';
import { assertBroadcastsTo } from './internal/masked-softmax.js';
import { project } from './internal/project.js';
import {
  multiHeadAttentionParamShapes,
  type MultiHeadAttentionConfig,
  type ResolvedMultiHeadAttentionConfig,
  resolveMultiHeadAttentionConfig,
} from './multi-head-attention-config.js';

/**
 * The tensors of a multi-head attention, by parameter name (see
 * {@link multiHeadAttentionParamShapes} for which exist and their shapes).
 */
export interface MultiHeadAttentionWeights {
  'query.weight': tf.Tensor;
  'key.weight': tf.Tensor;
  'value.weight': tf.Tensor;
  'query.bias'?: tf.Tensor;
  'key.bias'?: tf.Tensor;
  'value.bias'?: tf.Tensor;
  'output.weight'?: tf.Tensor;
  'output.bias'?: tf.Tensor;
  'fc.weight'?: tf.Tensor;
  'fc.bias'?: tf.Tensor;
  'gate.weight'?: tf.Tensor;
  'gate.bias'?: tf.Tensor;
}

/** Options of one multi-head attention call. */
export interface MultiHeadAttentionOptions extends DropoutOptions {
  /** Bool or 0/1, broadcastable to the weights `[batch, heads, units, slots]`; true/1 = attend. */
  mask?: tf.Tensor;
  /** Float added to the scores, broadcastable to `[batch, heads, units, slots]`. */
  additiveMask?: tf.Tensor;
}

/** Result of a multi-head attention call; the caller disposes both. */
export interface MultiHeadAttentionResult {
  /** `[batch, units, outputSize]` */
  output: tf.Tensor3D;
  /** `[batch, heads, units, slots]` (after sparsification, before dropout) */
  weights: tf.Tensor4D;
}

function linear(a: tf.Tensor3D, w: tf.Tensor, b: tf.Tensor): tf.Tensor3D {
  return project(a, w, b); // [batch, units, out]
}

/**
 * The forward pass with a resolved config and checked weights. Not exported from the package.
 * @internal
 */
export function multiHeadAttentionForward(
  where: string,
  r: ResolvedMultiHeadAttentionConfig,
  w: MultiHeadAttentionWeights,
  queries: tf.Tensor3D,
  keysValues: tf.Tensor3D | undefined,
  options: MultiHeadAttentionOptions,
): MultiHeadAttentionResult {
  const perUnitQuery = r.projection === 'perUnit' || r.output === 'perUnit';
  const qDims: Dim[] = [['batch', null], ['units', perUnitQuery ? r.units : null], ['querySize', r.querySize]];
  const [batch, units] = assertShape(where, 'queries', queries, qDims);
  let slots = units!;
  if (keysValues) {
    const kvDims: Dim[] = [['batch', batch!], ['slots', r.projection === 'perUnit' ? r.slots : null], ['keySize', r.keySize]];
    [, slots] = assertShape(where, 'keysValues', keysValues, kvDims) as [number, number, number];
  } else if (r.keySize !== r.querySize || (r.projection === 'perUnit' && r.slots !== r.units)) {
    throw new ShapeError(
      `${where}: 'keysValues' is required unless keySize = querySize and slots = units (self-attention), got keySize = ${r.keySize}, slots = ${r.slots}`,
    );
  }
  const weightShape = [batch!, r.heads, units!, slots];
  const names = '[batch, heads, units, slots]';
  if (options.mask) assertBroadcastsTo(where, 'mask', options.mask, weightShape, names);
  if (options.additiveMask) assertBroadcastsTo(where, 'additiveMask', options.additiveMask, weightShape, names);

  return tf.tidy(() => {
    const kv = keysValues ?? queries; // [batch, slots, keySize]
    // Three projections, not one over the concatenated matrices: that would concatenate the
    // weights every step (and split their gradient), which measured slower on wasm.
    const q = project(queries, w['query.weight'], w['query.bias']); // [batch, units, heads*keyDim]
    const k = project(kv, w['key.weight'], w['key.bias']); // [batch, slots, heads*keyDim]
    const v = project(kv, w['value.weight'], w['value.bias']); // [batch, slots, heads*valueDim]
    const { output: o, weights } = attend(
      splitHeads(q, r.heads), // [batch, heads, units, keyDim]
      splitHeadsTransposed(k, r.heads), // [batch, heads, keyDim, slots]
      splitHeads(v, r.heads), // [batch, heads, slots, valueDim]
      {
        where,
        scale: r.scale,
        mask: options.mask,
        additiveMask: options.additiveMask,
        dropout: r.attentionDropout,
        sparseTopK: r.sparseTopK,
        sparseMethod: r.sparseMethod,
        training: options.training,
        seed: options.seed,
      },
    );
    const a = mergeHeads(o); // [batch, units, heads*valueDim]
    let out: tf.Tensor3D;
    if (r.output === 'gated') {
      const fc = dropout(where, linear(a, w['fc.weight']!, w['fc.bias']!), r.dropout, options, 'output'); // [batch, units, outputSize]
      const gate = tf.sigmoid(linear(a, w['gate.weight']!, w['gate.bias']!)); // [batch, units, outputSize]
      out = tf.mul(gate, tf.tanh(fc));
    } else if (r.output === 'none') {
      out = dropout(where, a, r.dropout, options, 'output');
    } else {
      out = dropout(where, linear(a, w['output.weight']!, w['output.bias']!), r.dropout, options, 'output'); // [batch, units, outputSize]
    }
    if (r.residual) out = tf.add(out, queries);
    return { output: out, weights };
  });
}

/**
 * Checks that `weights` holds exactly the tensors `config` needs, with the right shapes.
 * @throws ShapeError naming the missing, unexpected or mis-shaped weight.
 */
export function checkMultiHeadAttentionWeights(where: string, config: MultiHeadAttentionConfig, weights: MultiHeadAttentionWeights): void {
  checkNamedWeights(where, multiHeadAttentionParamShapes(config), weights);
}

/**
 * Multi-head attention as a function of already-made weights (for a cell that owns its
 * parameters, or for imported ones). Same math as {@link MultiHeadAttention.apply}:
 *
 * ```
 * q = P_q(queries), k = P_k(kv), v = P_v(kv)           (per unit: GroupLinear; shared: one matMul)
 * a_h = softmax(scale * q_h k_h^T) v_h                   per head h, over the slots
 * a = concat_h a_h                                       [batch, units, heads*valueDim]
 * out = gated:   sigmoid(gate(a)) * tanh(dropout(fc(a)))
 *       shared:  dropout(a W + b);  perUnit: dropout(a W[u] + b[u]);  none: dropout(a)
 * out = out + queries                                    when residual
 * ```
 *
 * @param config the layer config (defaults: the official RIM communication)
 * @param weights the tensors by name, see {@link multiHeadAttentionParamShapes}
 * @param queries `[batch, units, querySize]`
 * @param keysValues `[batch, slots, keySize]`; default `queries` (self-attention among units)
 * @returns `{ output [batch, units, outputSize], weights [batch, heads, units, slots] }`
 * @throws ConfigError for an invalid config, or training with dropout and no seed.
 * @throws ShapeError naming the argument or weight whose shape is wrong.
 * @example
 * const { output, weights } = multiHeadAttentionStep({ units: 6, querySize: 100 }, w, h);
 */
export function multiHeadAttentionStep(
  config: MultiHeadAttentionConfig,
  weights: MultiHeadAttentionWeights,
  queries: tf.Tensor3D,
  keysValues?: tf.Tensor3D,
  options: MultiHeadAttentionOptions = {},
): MultiHeadAttentionResult {
  const where = 'multiHeadAttentionStep';
  const r = resolveMultiHeadAttentionConfig(config);
  checkMultiHeadAttentionWeights(where, config, weights);
  return multiHeadAttentionForward(where, r, weights, queries, keysValues, options);
}
