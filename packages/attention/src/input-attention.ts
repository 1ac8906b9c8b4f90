import type * as tf from '@tensorflow/tfjs-core';
import { assertShape, type Parameters, zeros } from '@rimjs/core';
import type { DropoutOptions } from './internal/dropout.js';
import {
  type InputAttentionConfig,
  inputAttentionParamShapes,
  type ResolvedInputAttentionConfig,
  resolveInputAttentionConfig,
} from './input-attention-config.js';
import {
  checkInput,
  checkStates,
  inputAttentionForward,
  inputAttentionRead,
  inputAttentionSlots,
  type InputAttentionResult,
  type InputAttentionWeights,
  type InputSlots,
} from './input-attention-step.js';

/**
 * The RIM read step: each unit's state queries the input slots, a null (all-zero) row first,
 * then one or more input rows (e.g. CNN positions, one slot each).
 *
 * Dimensions: `batch`; `units` states of `querySize`; `numInputs` input rows of `inputSize`
 * (`slots = 1 + numInputs`); `heads` of `keyDim` / `valueDim`.
 *
 * With the defaults (the official RIM: 1 head, key 64, value `4 * querySize`, one key and value
 * matrix per slot, no bias), the null slot's key and value are exactly zero, so its score is
 * `q . 0 = 0`. Several heads: the result is the **mean** of the heads' values, so a unit's
 * input size stays `valueDim` whatever the heads; `nullScore` is the mean over heads.
 *
 * Dropout (rate `dropout`, in training) falls on each unit's attended value, as in the official
 * code (its `inp_att` applies `dropout(fc(a))` with `fc` the identity); the attention weights
 * are not dropped.
 *
 * Parameters live in the given scope under the names of {@link inputAttentionParamShapes};
 * `dispose()` frees them.
 *
 * @example
 * const read = new InputAttention(params.scope('input'), { units: 6, querySize: 100, inputSize: 600 });
 * const { output, nullScore } = read.apply(h, x); // h [64, 6, 100], x [64, 600] -> [64, 6, 400], [64, 6]
 */
export class InputAttention {
  /** The config with every default filled in. */
  readonly config: ResolvedInputAttentionConfig;
  /** The scope holding this layer's variables. */
  readonly params: Parameters;
  private readonly vars: InputAttentionWeights;

  /** @throws ConfigError listing every problem of `config`. */
  constructor(params: Parameters, config: InputAttentionConfig) {
    this.config = resolveInputAttentionConfig(config);
    this.params = params;
    const vars: Record<string, tf.Variable> = {};
    for (const [name, shape] of Object.entries(inputAttentionParamShapes(config))) {
      vars[name] = params.add(name, shape, name.endsWith('.bias') ? zeros() : this.config.projectionInit);
    }
    this.vars = vars as unknown as InputAttentionWeights;
  }

  /** This layer's variables by relative name (not copies: do not dispose them). */
  weights(): InputAttentionWeights {
    return { ...this.vars };
  }

  /**
   * @param states `[batch, units, querySize]`
   * @param input `[batch, inputSize]` (one input row) or `[batch, numInputs, inputSize]`
   * @param options `training` and `seed` (required when training with dropout)
   * @returns `{ output [batch, units, valueDim], nullScore [batch, units], weights [batch, heads, units, slots] }`, new tensors the caller disposes
   * @throws ShapeError naming the argument whose shape is wrong.
   * @throws ConfigError when training with dropout and no seed.
   */
  apply(states: tf.Tensor3D, input: tf.Tensor2D | tf.Tensor3D, options: DropoutOptions = {}): InputAttentionResult {
    return inputAttentionForward('InputAttention.apply', this.config, this.vars, states, input, options);
  }

  /**
   * The keys and values of `[null, input]`, the half of {@link apply} that does not depend on the
   * states. For a sequence, project every step at once (`[time * batch, ...]`) and read each step
   * with {@link applySlots}: the same numbers as `apply`, with the projections batched over time.
   *
   * @param input `[n, inputSize]` (one input row) or `[n, numInputs, inputSize]`
   * @returns `{ keys [n, heads, keyDim, slots], values [n, heads, slots, valueDim] }`, owned by the caller
   * @throws ShapeError naming the argument whose shape is wrong.
   */
  projectSlots(input: tf.Tensor2D | tf.Tensor3D): InputSlots {
    checkInput('InputAttention.projectSlots', this.config, input, null);
    return inputAttentionSlots(this.config, this.vars, input);
  }

  /**
   * {@link apply} on slots from {@link projectSlots}.
   *
   * @param states `[batch, units, querySize]`
   * @param slots keys `[batch, heads, keyDim, slots]` and values `[batch, heads, slots, valueDim]`; not disposed
   * @throws ShapeError naming the argument whose shape is wrong.
   */
  applySlots(states: tf.Tensor3D, slots: InputSlots, options: DropoutOptions = {}): InputAttentionResult {
    const where = 'InputAttention.applySlots';
    const r = this.config;
    const batch = checkStates(where, r, states);
    const n = 1 + r.numInputs;
    assertShape(where, 'slots.keys', slots.keys, [['batch', batch], ['heads', r.heads], ['keyDim', r.keyDim], ['slots', n]]);
    assertShape(where, 'slots.values', slots.values, [['batch', batch], ['heads', r.heads], ['slots', n], ['valueDim', r.valueDim]]);
    return inputAttentionRead(where, r, this.vars, states, slots, options);
  }

  /** Frees this layer's variables. */
  dispose(): void {
    this.params.dispose();
  }
}
