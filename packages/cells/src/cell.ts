import type * as tf from '@tensorflow/tfjs-core';

/**
 * The state of an LSTM or GRU cell.
 * - dense cells ({@link LstmCell}, {@link GruCell}): `h`, `c` are `[batch, hidden]`;
 * - grouped cells ({@link GroupLstmCell}, {@link GroupGruCell}): `[batch, units, hidden]`.
 *
 * An LSTM has `c`; a GRU does not. A type alias rather than an interface, so that a state is a
 * `tf.TensorContainer`: `tf.dispose(state)` frees it.
 */
export type RecurrentState = {
  h: tf.Tensor; // [batch, hidden] or [batch, units, hidden]
  c?: tf.Tensor; // same shape as h (LSTM only)
};

/** Per-step options of {@link Cell.step}. */
export interface StepOptions {
  /** Whether dropout is active. Default `false` (dropout is the identity). */
  training?: boolean;
  /**
   * A non-zero integer seed for this step's dropout masks (see `Rng.seed`). Required when
   * `training` is true and the cell has a non-zero dropout rate; {@link unroll} derives it as
   * `rng.child(t).seed()`.
   */
  seed?: number;
}

/** What one {@link Cell.step} returns: the step's output and the new state. */
export interface StepResult<S> {
  output: tf.Tensor; // for the cells of this package: the new h
  state: S;
}

/**
 * The contract every recurrent thing in rimjs follows: one step at a time, with the state passed
 * in and out explicitly. Running over time is {@link unroll}'s job.
 *
 * Ownership: `step` never disposes its arguments; the caller owns the input and the old state,
 * and owns (must dispose) the returned output and state. The output may be the same tensor as
 * a state tensor (`output === state.h` for LSTM/GRU cells).
 */
export interface Cell<S = RecurrentState> {
  /** A zero state for `batch` sequences. The caller owns (disposes) it. */
  initialState(batch: number): S;
  /** Advances the state by one step. */
  step(input: tf.Tensor, state: S, options?: StepOptions): StepResult<S>;
  /** Size of the state's last axis (`hidden`; per unit for grouped cells). */
  readonly stateSize: number;
  /** Size of the input's last axis (per unit for grouped cells). */
  readonly inputSize: number;
}
