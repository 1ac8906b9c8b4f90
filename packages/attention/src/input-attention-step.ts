import * as tf from '@tensorflow/tfjs-core';
import { assertShape, groupLinear, ShapeError } from '@rimjs/core';
import { checkNamedWeights } from './internal/check-named-weights.js';
import { attend } from './internal/attend.js';
import { dropout, type DropoutOptions } from './internal/dropout.js';
import { splitHeads, splitHeadsTransposed } from './internal/heads.js';
import { project } from './internal/project.js';
import {
  type InputAttentionConfig,
  inputAttentionParamShapes,
  type ResolvedInputAttentionConfig,
  resolveInputAttentionConfig,
} from './input-attention-config.js';

/** The tensors of an input attention, by parameter name (see {@link inputAttentionParamShapes}). */
export interface InputAttentionWeights {
  'query.weight': tf.Tensor;
  'key.weight': tf.Tensor;
  'value.weight': tf.Tensor;
  'query.bias'?: tf.Tensor;
  'key.bias'?: tf.Tensor;
  'value.bias'?: tf.Tensor;
}

/** Result of an input attention call; the caller disposes all three. */
export interface InputAttentionResult {
  /** Each unit's attended value (mean over heads), after dropout: `[batch, units, valueDim]` */
  output: tf.Tensor3D;
  /** Weight on the null slot, mean over heads: `[batch, units]` */
  nullScore: tf.Tensor2D;
  /** `[batch, heads, units, slots]`, slot 0 the null slot */
  weights: tf.Tensor4D;
}

/**
 * Keys or values of every slot, the null slot first: `[batch, slots, out]`. The slots are
 * `X = [0, x_1 .. x_n]`, projected as the official code does: the null row's key and value are
 * the bias (exactly 0 without bias), and its matrix gets a zero gradient. The weight is used
 * whole, never sliced, so a loop over time makes no weight-sized copies.
 */
function slotProjection(slots: tf.Tensor3D, w: tf.Tensor, bias: tf.Tensor | undefined, perSlot: boolean): tf.Tensor3D {
  return perSlot ? groupLinear(slots, w as tf.Tensor3D, bias as tf.Tensor2D | undefined) : project(slots, w, bias);
}

/**
 * The input slots of one or more steps, projected: what {@link InputAttention.apply} computes from
 * the input before the units' queries meet it. Depends on the input only, so a sequence layer
 * computes it for every step at once (`InputAttention.projectSlots`) and reads each step with
 * `InputAttention.applySlots`. The caller disposes both tensors.
 */
export interface InputSlots {
  /** `[batch, heads, keyDim, slots]`, slot 0 the null slot (laid out for a non-transposed matMul) */
  keys: tf.Tensor4D;
  /** `[batch, heads, slots, valueDim]` */
  values: tf.Tensor4D;
}

/** @internal Checks `input` against the config: `[batch, inputSize]` (one row) or `[batch, numInputs, inputSize]`. */
export function checkInput(where: string, r: ResolvedInputAttentionConfig, input: tf.Tensor, batch: number | null): number {
  if (input.rank === 2 && r.numInputs === 1) {
    return assertShape(where, 'input', input, [['batch', batch], ['inputSize', r.inputSize]])[0]!;
  }
  if (input.rank === 3) {
    return assertShape(where, 'input', input, [['batch', batch], ['numInputs', r.numInputs], ['inputSize', r.inputSize]])[0]!;
  }
  const b = batch ?? 'batch';
  throw new ShapeError(
    `${where}: 'input' must be [batch, numInputs, inputSize] = [${b}, ${r.numInputs}, ${r.inputSize}]` +
      `${r.numInputs === 1 ? ` or [batch, inputSize] = [${b}, ${r.inputSize}]` : ''}, got [${input.shape.join(', ')}]`,
  );
}

/**
 * @internal The keys and values of `X = [0, input]` (no shape check: callers check).
 * @param input `[batch, inputSize]` or `[batch, numInputs, inputSize]`
 */
export function inputAttentionSlots(r: ResolvedInputAttentionConfig, w: InputAttentionWeights, input: tf.Tensor2D | tf.Tensor3D): InputSlots {
  return tf.tidy((): tf.TensorContainer => {
    const batch = input.shape[0];
    const x = (input.rank === 2 ? tf.expandDims(input, 1) : input) as tf.Tensor3D; // [batch, numInputs, inputSize]
    const slots = tf.concat([tf.zeros([batch, 1, r.inputSize]), x], 1) as tf.Tensor3D; // [batch, slots, inputSize]
    const perSlot = r.keyValue === 'perSlot';
    const k = slotProjection(slots, w['key.weight'], w['key.bias'], perSlot); // [batch, slots, heads*keyDim]
    const v = slotProjection(slots, w['value.weight'], w['value.bias'], perSlot); // [batch, slots, heads*valueDim]
    return {
      keys: splitHeadsTransposed(k, r.heads), // [batch, heads, keyDim, slots]
      values: splitHeads(v, r.heads), // [batch, heads, slots, valueDim]
    };
  }) as unknown as InputSlots;
}

/** @internal The units' read of already projected slots (no shape check on `slots`: callers check). */
export function inputAttentionRead(
  where: string,
  r: ResolvedInputAttentionConfig,
  w: InputAttentionWeights,
  states: tf.Tensor3D,
  slots: InputSlots,
  options: DropoutOptions,
): InputAttentionResult {
  return tf.tidy(() => {
    const q = groupLinear(states, w['query.weight'] as tf.Tensor3D, w['query.bias'] as tf.Tensor2D | undefined); // [batch, units, heads*keyDim]
    const { output: o, weights } = attend(
      splitHeads(q, r.heads), // [batch, heads, units, keyDim]
      slots.keys, // [batch, heads, keyDim, slots]
      slots.values, // [batch, heads, slots, valueDim]
      { where, scale: r.scale, dropout: 0 },
    ); // o [batch, heads, units, valueDim]
    const [b, h, u] = weights.shape;
    const mean = h === 1 ? tf.reshape(o, [b, u, r.valueDim]) : tf.mean(o, 1); // [batch, units, valueDim]
    const output = dropout(where, mean as tf.Tensor3D, r.dropout, options, 'value');
    const nullW = tf.slice(weights, [0, 0, 0, 0], [b, h, u, 1]); // [batch, heads, units, 1]
    const nullScore = (h === 1 ? tf.reshape(nullW, [b, u]) : tf.mean(tf.reshape(nullW, [b, h, u]), 1)) as tf.Tensor2D; // [batch, units]
    return { output, nullScore, weights };
  });
}

/** @internal Checks the states: `[batch, units, querySize]`; returns the batch. */
export function checkStates(where: string, r: ResolvedInputAttentionConfig, states: tf.Tensor3D): number {
  return assertShape(where, 'states', states, [['batch', null], ['units', r.units], ['querySize', r.querySize]])[0]!;
}

/** @internal The forward pass with a resolved config. */
export function inputAttentionForward(
  where: string,
  r: ResolvedInputAttentionConfig,
  w: InputAttentionWeights,
  states: tf.Tensor3D,
  input: tf.Tensor2D | tf.Tensor3D,
  options: DropoutOptions,
): InputAttentionResult {
  const batch = checkStates(where, r, states);
  checkInput(where, r, input, batch);
  const slots = inputAttentionSlots(r, w, input);
  try {
    return inputAttentionRead(where, r, w, states, slots, options);
  } finally {
    tf.dispose([slots.keys, slots.values]);
  }
}

/**
 * Checks that `weights` holds exactly the tensors `config` needs, with the right shapes.
 * @throws ShapeError naming the missing, unexpected or mis-shaped weight.
 */
export function checkInputAttentionWeights(where: string, config: InputAttentionConfig, weights: InputAttentionWeights): void {
  checkNamedWeights(where, inputAttentionParamShapes(config), weights);
}

/**
 * The RIM read step as a function of already-made weights; same math as {@link InputAttention.apply}:
 *
 * ```
 * X = [0, x_1 .. x_n]                          slots, the null slot first  [batch, slots, inputSize]
 * q = states W_q[u]   k_s = X_s W_k[s]   v_s = X_s W_v[s]       (shared: one W_k, one W_v)
 * w_h = softmax(scale * q_h k_h^T) over the slots               [batch, heads, units, slots]
 * output = dropout(mean_h w_h v_h)                              [batch, units, valueDim]
 * nullScore = mean_h w_h[..., 0]                                [batch, units]
 * ```
 *
 * @param states `[batch, units, querySize]` (the queries)
 * @param input `[batch, inputSize]` (one input row) or `[batch, numInputs, inputSize]`
 * @throws ConfigError for an invalid config, or training with dropout and no seed.
 * @throws ShapeError naming the argument or weight whose shape is wrong.
 * @example
 * const { output, nullScore } = inputAttentionStep({ units: 6, querySize: 100, inputSize: 600 }, w, h, x);
 */
export function inputAttentionStep(
  config: InputAttentionConfig,
  weights: InputAttentionWeights,
  states: tf.Tensor3D,
  input: tf.Tensor2D | tf.Tensor3D,
  options: DropoutOptions = {},
): InputAttentionResult {
  const where = 'inputAttentionStep';
  const r = resolveInputAttentionConfig(config);
  checkInputAttentionWeights(where, config, weights);
  return inputAttentionForward(where, r, weights, states, input, options);
}
