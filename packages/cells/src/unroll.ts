import * as tf from '@tensorflow/tfjs-core';
import { ShapeError, type Rng } from '@rimjs/core';
import type { Cell, StepResult } from './cell.js';
import { collectTensors } from './collect-tensors.js';

/** Options of {@link unroll}. */
export interface UnrollOptions {
  /** Return the outputs of all steps `[time, batch, ...]` (default `true`) or the last `[batch, ...]`. */
  returnSequences?: boolean;
  /** Whether the cell's dropout is active. Default `false`. */
  training?: boolean;
  /** Where step `t`'s dropout seed comes from: `rng.child(t).seed()`. Needed when training with dropout. */
  rng?: Rng;
}

/** What {@link unroll} returns; the caller owns (disposes) all of it. */
export interface UnrollResult<S> {
  /** `[time, batch, ...]`, or the last step's output `[batch, ...]` (then possibly the same tensor as `state.h`). */
  outputs: tf.Tensor;
  /** The state after the last step. */
  state: S;
}

/**
 * Runs a {@link Cell} over time: `state_t, output_t = cell.step(inputs[t], state_{t-1})`.
 *
 * Each step runs in its own `tf.tidy` that keeps only the new state and the output; the states
 * in between are disposed as soon as the next one exists, so memory outside a gradient stays
 * flat in `time`. Differentiable: inside `tf.grads` / `optimizer.minimize` the tape keeps what
 * the backward pass needs. Step `t`'s dropout seed is `options.rng.child(t).seed()`.
 *
 * Ownership: `inputs` and the initial `state` stay the caller's and are never disposed here; the
 * returned outputs and final state are new and the caller's to dispose (`tf.dispose(result)`).
 *
 * @param cell any {@link Cell}
 * @param inputs `[time, batch, ...]` (`[time, batch, units, in]` for grouped cells)
 * @param state the initial state, e.g. `cell.initialState(batch)`
 * @returns `outputs` `[time, batch, ...]` (or `[batch, ...]`) and the final state
 * @throws ShapeError when `inputs` has rank < 2 or no steps; whatever `cell.step` throws.
 * @example
 * const { outputs, state } = unroll(cell, xs, cell.initialState(batch)); // xs [time, batch, in]
 */
export function unroll<S>(
  cell: Cell<S>,
  inputs: tf.Tensor,
  state: S,
  { returnSequences = true, training = false, rng }: UnrollOptions = {},
): UnrollResult<S> {
  if (inputs.rank < 2 || inputs.shape[0] === 0) {
    throw new ShapeError(`unroll: 'inputs' must be [time, batch, ...] with time >= 1, got [${inputs.shape.join(', ')}]`);
  }
  const time = inputs.shape[0]!;
  const callers = collectTensors(state); // never disposed here
  const xs = tf.unstack(inputs); // time x [batch, ...]
  const outputs: tf.Tensor[] = []; // the step outputs kept for the stack (returnSequences)
  let current = state;
  let last: tf.Tensor | undefined;
  // Disposes `tensors` except the caller's, the current state's, the last output and those still
  // to be stacked (a cell may pass a tensor through, even its input slice).
  const release = (tensors: Iterable<tf.Tensor>): void => {
    const keep = collectTensors(current, new Set(callers));
    for (const o of outputs) keep.add(o);
    if (last) keep.add(last);
    for (const t of tensors) if (!keep.has(t)) t.dispose();
  };
  try {
    for (let t = 0; t < time; t++) {
      const prev = current;
      const prevLast = last;
      const options = { training, seed: training && rng ? rng.child(t).seed() : undefined };
      const x = xs[t]!;
      const result = tf.tidy(
        () => cell.step(x, prev, options) as unknown as tf.TensorContainer,
      ) as unknown as StepResult<S>;
      current = result.state;
      if (returnSequences) outputs.push(result.output);
      else last = result.output;
      release([x, ...(prevLast ? [prevLast] : []), ...collectTensors(prev)]);
    }
    if (!returnSequences) return { outputs: last!, state: current };
    const stacked = tf.stack(outputs); // [time, batch, ...]
    release(outputs.splice(0));
    return { outputs: stacked, state: current };
  } catch (err) {
    const mine = [...outputs.splice(0), ...(last ? [last] : []), ...collectTensors(current)];
    last = undefined;
    current = state;
    release(mine);
    throw err;
  } finally {
    release(xs);
  }
}

