import * as tf from '@tensorflow/tfjs-core';
import { InputAttention, type InputAttentionResult, type InputSlots, MultiHeadAttention, topKMask } from '@rimjs/attention';
import { GroupGruCell, GroupLstmCell, type RecurrentState } from '@rimjs/cells';
import type { Parameters } from '@rimjs/core';
import { assertShape, ConfigError, maskGradient, normal, Rng, ShapeError, stopGradient } from '@rimjs/core';
import { dropoutMultiplier } from './fused/dropout-mask.js';
import { type RimCellConfig, type RimCellOptions, resolveRimCellConfig } from './rim-config.js';

/**
 * A RIM cell's state: every unit's `h` (and `c` for LSTM units), `[batch, numUnits, hidden]`.
 * GRU units need no `c`; when one is given it is carried as the official code does (the
 * cell's output before communication, kept for inactive units), which the parity fixtures record.
 */
export type RimState = { h: tf.Tensor3D; c?: tf.Tensor3D };

/** Options of one {@link RimCell.step}. */
export interface RimStepOptions {
  /** Whether dropout is active. Default `false`. */
  training?: boolean;
  /** A non-zero integer seed for this step's dropout (required when training with dropout). */
  seed?: number;
}

/**
 * One step's record. The caller owns (disposes) every tensor in it, e.g. `tf.dispose(record)`.
 * `output` is the new `h` (the same tensor as `state.h`).
 */
export type RimStepResult = {
  /** The new `h` `[batch, numUnits, hidden]` (=== `state.h`). */
  output: tf.Tensor3D;
  state: RimState;
  /** 1 where a unit was active this step `[batch, numUnits]`. */
  mask: tf.Tensor2D;
  /** Input attention weights `[batch, inputHeads, numUnits, 1 + numInputs]`, slot 0 the null slot. */
  inputWeights: tf.Tensor4D;
  /** Communication weights `[batch, commHeads, numUnits, numUnits]` (null without communication). */
  commWeights: tf.Tensor4D | null;
};

/**
 * One step of Recurrent Independent Mechanisms (Goyal et al., arXiv 1909.10893, section 2),
 * as the official code computes it (`event_based/blocks_core.py`, `BlocksCore.forward`).
 *
 * Dimensions: `batch`, `numUnits` (K), `hidden` (one unit's state), `inputSize`.
 * For every unit k with state `h[k]` (and `c[k]`):
 * ```
 * X = [0, x]                                              null slot first       [batch, 1 + numInputs, inputSize]
 * A[k], w[k] = attention(q = h[k] W_q[k], keys X W_k[s], values X W_v[s])     [batch, K, inputValueSize]
 * active = the topK units with the least attention on the null slot            mask [batch, K], no gradient
 * h~[k], c~[k] = cell_k(A[k], h[k], c[k])                 per-unit LSTM/GRU, one batched op
 * h~ = h~ + comm(maskGradient(h~, mask))                  gated (official) or residual (paper)
 * h = mask ? h~ : h_old;  c = mask ? c~ : c_old           inactive units keep their state exactly
 * ```
 * Parameters (under the given scope): `inputAttention.*` (see @rimjs/attention's InputAttention),
 * `cell.weightIh [K, inputValueSize, G*hidden]`, `cell.weightHh`, `cell.biasIh`, `cell.biasHh`
 * (G = 4 for LSTM, 3 for GRU), `communication.*` (MultiHeadAttention).
 *
 * @example
 * const params = new Parameters(new Rng(0));
 * const cell = new RimCell(params, { inputSize: 32, numUnits: 6, topK: 4, hidden: 20 });
 * let state = cell.initialState(8);
 * const r = cell.step(tf.ones([8, 32]), state); // r.mask [8, 6]: which units were active
 */
export class RimCell {
  readonly config: RimCellConfig;
  readonly params: Parameters;
  readonly inputAttention: InputAttention;
  readonly cell: GroupLstmCell | GroupGruCell;
  readonly communication: MultiHeadAttention | null;

  /**
   * @param params where the cell's variables live (a scope, e.g. `params.scope('rim0')`)
   * @throws ConfigError listing every problem of the options.
   */
  constructor(params: Parameters, options: RimCellOptions) {
    const c = resolveRimCellConfig(options);
    this.config = c;
    this.params = params;
    this.inputAttention = new InputAttention(params.scope('inputAttention'), {
      units: c.numUnits,
      querySize: c.hidden,
      inputSize: c.inputSize,
      numInputs: c.numInputs,
      heads: c.inputHeads,
      keyDim: c.inputKeySize,
      valueDim: c.inputValueSize,
      keyValue: 'perSlot',
      bias: false,
      dropout: c.inputDropoutPer === 'unit' ? c.inputDropout : 0, // 'slot': dropSlots below
      projectionInit: normal({ std: c.initStd }),
    });
    const cellConfig = { units: c.numUnits, inputSize: c.inputValueSize, hiddenSize: c.hidden };
    this.cell =
      c.cell === 'lstm'
        ? new GroupLstmCell(params.scope('cell'), { ...cellConfig, forgetBias: c.forgetBias })
        : new GroupGruCell(params.scope('cell'), cellConfig);
    this.communication = c.communication
      ? new MultiHeadAttention(params.scope('communication'), {
          units: c.numUnits,
          querySize: c.hidden,
          heads: c.commHeads,
          keyDim: c.commKeySize,
          valueDim: c.commValueSize,
          projection: 'perUnit',
          bias: false,
          output: c.commOutput === 'gated' ? 'gated' : 'shared',
          outputSize: c.hidden,
          projectionInit: normal({ std: c.initStd }),
          residual: false, // added below, to the un-masked h~ (official: hx_new + mha(blocked_grad(hx_new)))
          dropout: c.commDropout,
          ...(c.commTopK === null ? {} : { sparseTopK: c.commTopK }),
        })
      : null;
  }

  /** Size of the readout: `numUnits * hidden`. */
  get outputSize(): number {
    return this.config.numUnits * this.config.hidden;
  }

  /** A zero state `[batch, numUnits, hidden]` (the caller disposes it). */
  initialState(batch: number): RimState {
    if (!Number.isInteger(batch) || batch < 1) {
      throw new ConfigError(`RimCell.initialState: 'batch' must be a positive integer, got ${batch}`);
    }
    const shape: [number, number, number] = [batch, this.config.numUnits, this.config.hidden];
    return this.config.cell === 'lstm' ? { h: tf.zeros(shape), c: tf.zeros(shape) } : { h: tf.zeros(shape) };
  }

  private checkState(where: string, state: RimState, batch: number): void {
    const dims = [['batch', batch], ['numUnits', this.config.numUnits], ['hidden', this.config.hidden]] as const;
    assertShape(where, 'state.h', state.h, dims);
    if (this.config.cell === 'lstm' && !state.c) {
      throw new ShapeError(`${where}: 'state.c' is required for LSTM units, got undefined`);
    }
    if (state.c) assertShape(where, 'state.c', state.c, dims);
  }

  /**
   * Advances every unit by one step.
   *
   * @param input `[batch, inputSize]`, or `[batch, numInputs, inputSize]` for several input rows
   * @param state `h` (and `c`) `[batch, numUnits, hidden]`; not disposed
   * @returns the step record (new state, mask, attention weights), owned by the caller
   * @throws ShapeError naming the argument whose shape is wrong.
   * @throws ConfigError when training with dropout and no seed.
   */
  step(input: tf.Tensor2D | tf.Tensor3D, state: RimState, options: RimStepOptions = {}): RimStepResult {
    const where = 'RimCell.step';
    const c = this.config;
    const batch = input.shape[0];
    if (input.rank === 2) assertShape(where, 'input', input, [['batch', null], ['inputSize', c.inputSize]]);
    else assertShape(where, 'input', input, [['batch', null], ['numInputs', c.numInputs], ['inputSize', c.inputSize]]);
    this.checkState(where, state, batch);
    if (c.inputDropoutPer === 'slot') {
      return this.advance(where, state, options, (sub) => {
        const slots = this.inputAttention.projectSlots(input);
        return this.inputAttention.applySlots(state.h, this.dropSlots(slots, sub), sub);
      });
    }
    return this.advance(where, state, options, (sub) => this.inputAttention.apply(state.h, input, sub));
  }

  /**
   * `inputDropoutPer: 'slot'`: dropout on the input slots' values `[batch, heads, slots, valueDim]`,
   * one mask per slot value (drawn as `[batch, numInputs, heads*valueDim]` from the step's input
   * seed, label `slotValue`); the null slot's value is 0 and stays so. Returns `slots` itself
   * when not dropping; call inside a tidy.
   */
  private dropSlots(slots: InputSlots, sub: { training: boolean; seed?: number }): InputSlots {
    const c = this.config;
    if (!sub.training || c.inputDropout === 0 || c.inputDropoutPer !== 'slot') return slots;
    const [batch, heads, , valueDim] = slots.values.shape;
    const seed = new Rng(sub.seed!).child('slotValue').seed();
    const mult = dropoutMultiplier([batch, c.numInputs, heads * valueDim], c.inputDropout, seed); // [batch, numInputs, heads*valueDim]
    const perHead = tf.transpose(tf.reshape(mult, [batch, c.numInputs, heads, valueDim]), [0, 2, 1, 3]); // [batch, heads, numInputs, valueDim]
    const withNull = tf.concat([tf.ones([batch, heads, 1, valueDim]), perHead], 2); // [batch, heads, slots, valueDim]
    return { keys: slots.keys, values: tf.mul(slots.values, withNull) as tf.Tensor4D };
  }

  /**
   * The input half of every step of a sequence at once: the keys and values of `[null, x_t]` for
   * every `t`, projected in one batched op over `time * batch` rows instead of one per step.
   * `stepSlots(slots[t], ...)` then gives exactly what `step(inputs[t], ...)` gives.
   *
   * @param inputs `[time, batch, inputSize]`, or `[time, batch, numInputs, inputSize]`
   * @returns one {@link InputSlots} per step, owned by the caller (`tf.dispose(slots)`)
   * @throws ShapeError naming the argument whose shape is wrong.
   */
  projectInputs(inputs: tf.Tensor3D | tf.Tensor4D): InputSlots[] {
    const where = 'RimCell.projectInputs';
    const c = this.config;
    if (inputs.rank === 3) assertShape(where, 'inputs', inputs, [['time', null], ['batch', null], ['inputSize', c.inputSize]]);
    else assertShape(where, 'inputs', inputs, [['time', null], ['batch', null], ['numInputs', c.numInputs], ['inputSize', c.inputSize]]);
    const [time, batch] = inputs.shape;
    return tf.tidy(() => {
      const rows = (inputs.rank === 3 ? tf.reshape(inputs, [time * batch, c.inputSize]) : tf.reshape(inputs, [time * batch, c.numInputs, c.inputSize])) as
        | tf.Tensor2D
        | tf.Tensor3D; // [time*batch, (numInputs,) inputSize]
      const all = this.inputAttention.projectSlots(rows); // keys [time*batch, heads, keyDim, slots]
      // Each step's rows are contiguous: unstack a [time, rest] view (contiguous slices; a rank-5
      // unstack takes wasm's generic element-wise slice), then shape each. tfjs's unstack has no
      // working gradient for a single slice, so one step is a reshape.
      const perStep = (x: tf.Tensor4D): tf.Tensor4D[] => {
        const shape = [batch, ...x.shape.slice(1)] as [number, number, number, number];
        if (time === 1) return [tf.reshape(x, shape)];
        return tf.unstack(tf.reshape(x, [time, x.size / time])).map((row) => tf.reshape(row, shape));
      };
      const keys = perStep(all.keys); // time x [batch, heads, keyDim, slots]
      const values = perStep(all.values); // time x [batch, heads, slots, valueDim]
      return keys.map((k, t) => ({ keys: k, values: values[t]! })) as unknown as tf.TensorContainer;
    }) as unknown as InputSlots[];
  }

  /**
   * {@link step} on an input projected by {@link projectInputs} (one element of its result).
   *
   * @param slots this step's keys `[batch, heads, keyDim, slots]` and values; not disposed
   * @param state `h` (and `c`) `[batch, numUnits, hidden]`; not disposed
   * @throws ShapeError naming the argument whose shape is wrong.
   */
  stepSlots(slots: InputSlots, state: RimState, options: RimStepOptions = {}): RimStepResult {
    const where = 'RimCell.stepSlots';
    this.checkState(where, state, state.h.shape[0]);
    return this.advance(where, state, options, (sub) => this.inputAttention.applySlots(state.h, this.dropSlots(slots, sub), sub));
  }

  /** Steps 2-5 of the class comment, after the input attention `read`. */
  private advance(
    where: string,
    state: RimState,
    options: RimStepOptions,
    read: (sub: { training: boolean; seed?: number }) => InputAttentionResult,
  ): RimStepResult {
    const c = this.config;
    const training = options.training ?? false;
    if (training && options.seed === undefined && (c.inputDropout > 0 || c.commDropout > 0)) {
      throw new ConfigError(`${where}: 'options.seed' is required when training with dropout, got undefined`);
    }
    const seeds = options.seed === undefined ? null : new Rng(options.seed);
    const sub = (label: string) => (seeds ? { training, seed: seeds.child(label).seed() } : { training });
    return tf.tidy((): tf.TensorContainer => {
      // 1. Input attention: each unit reads [null, input] with its previous state as the query.
      const r = read(sub('input'));
      // 2. Selection: the topK units that attend least to the null slot are active (no gradient).
      const mask = topKMask(r.nullScore, c.topK, { largest: false }); // [batch, K]
      // 3. Independent dynamics: every unit's own cell, one batched step.
      const lstm = c.cell === 'lstm';
      const next = this.cell.step(r.output, (lstm ? { h: state.h, c: state.c } : { h: state.h }) as RecurrentState);
      let hNew = next.state.h as tf.Tensor3D; // [batch, K, hidden]
      // 4. Communication: units read from all units' new states.
      let commWeights: tf.Tensor4D | null = null;
      if (this.communication) {
        const q = c.maskInactiveGradients ? maskGradient(hNew, mask) : hNew;
        const comm = this.communication.apply(q, undefined, sub('communication'));
        hNew = tf.add(hNew, comm.output); // [batch, K, hidden]
        commWeights = comm.weights;
      }
      // 5. Masked update, as the official code: mask * new + (1 - mask) * old. With a 0/1 mask and
      // finite states this is exact both ways (0 * x = 0, x + 0 = x): inactive units keep their
      // state bit for bit. (A tf.where over a broadcast mask would cost a Tile, whose gradient
      // tfjs computes as one slice-and-add per repetition.)
      const m = stopGradient(tf.expandDims(mask, 2)); // [batch, K, 1]
      const keep = tf.sub(1, m); // [batch, K, 1]
      const h = tf.add(tf.mul(m, hNew), tf.mul(keep, state.h)) as tf.Tensor3D;
      const out: RimState = { h };
      if (state.c) {
        // LSTM: the cell state. GRU (only when given): the official code's `cx`, the cell's own
        // output before communication, kept for inactive units (it never feeds back).
        const cNew = lstm ? next.state.c! : next.state.h;
        out.c = tf.add(tf.mul(m, cNew), tf.mul(keep, state.c)) as tf.Tensor3D;
      }
      const record: RimStepResult = { output: h, state: out, mask, inputWeights: r.weights, commWeights };
      return record as unknown as tf.TensorContainer;
    }) as unknown as RimStepResult;
  }

  /** Frees the cell's variables (the whole scope it was given). */
  dispose(): void {
    this.params.dispose();
  }
}
