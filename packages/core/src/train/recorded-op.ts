import * as tf from '@tensorflow/tfjs-core';

/** The part of tfjs-core 4.22.0's engine a recorded op uses (private API, checked by its test). */
interface EngineInternals {
  isTapeOn(): boolean;
  state: { activeTape: Array<{ outputs: tf.Tensor[]; saved: tf.Tensor[] }> | null };
}

/** What the forward of a {@link recordedOp} returns. */
export interface RecordedForward<S> {
  /** The op's value (one tensor; pack several outputs into it and slice them out after). */
  value: tf.Tensor;
  /** What the backward needs, e.g. per-step gates and states (only when `record` is true). */
  state: S;
  /** Every tensor inside `state`: kept past the forward's tidy, freed with the gradient tape. */
  kept: tf.Tensor[];
}

/**
 * A custom-gradient op that keeps only what its hand-written backward needs, without copies:
 * the fused kernels' way to run a whole recurrent sequence as one node of tfjs' gradient tape.
 *
 * `tf.customGrad` saves tensors by cloning them (one copy each) and can hand nothing but those
 * to the gradient. Here the forward keeps its own tensors (`kept`), and they are handed to the
 * tape node of the op, so the engine frees them with the tape when `tf.grad` /
 * `tf.variableGrads` finish, whether or not the backward ran. When no gradient is being
 * recorded (inference), the forward runs with `record = false` and keeps nothing.
 *
 * @param inputs every tensor the value depends on (weights included: the backward returns one
 *   gradient per input, in order)
 * @param forward computes the value; with `record` true it also returns the state to keep
 * @param backward `dy` (the shape of the value) and the kept state -> one gradient per input
 * @returns the value, owned by the caller
 * @example
 * const y = recordedOp([x], (r) => ({ value: tf.square(r[0]!), state: r[0]!, kept: [] }),
 *   (dy, x) => [tf.mul(dy, tf.mul(x, 2))]);
 */
export function recordedOp<S>(
  inputs: tf.Tensor[],
  forward: (inputs: tf.Tensor[], record: boolean) => RecordedForward<S>,
  backward: (dy: tf.Tensor, state: S, inputs: tf.Tensor[]) => tf.Tensor[],
): tf.Tensor {
  const engine = tf.engine() as unknown as EngineInternals;
  if (!engine.isTapeOn()) return tf.tidy(() => forward(inputs, false).value);
  let kept: tf.Tensor[] = [];
  const op = tf.customGrad(((...args: unknown[]) => {
    const save = args.pop() as tf.GradSaveFunc;
    save([]); // the tape node's `saved` array, which receives `kept` below
    const r = forward(args as tf.Tensor[], true);
    kept = r.kept.map((t) => tf.keep(t));
    return {
      value: r.value,
      gradFunc: (dy: tf.Tensor) => tf.tidy(() => backward(dy, r.state, inputs)),
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  const y = op(...inputs);
  const tape = engine.state.activeTape;
  const node = tape?.[tape.length - 1];
  if (!node || node.outputs[0]?.id !== y.id) {
    tf.dispose(kept);
    throw new Error('recordedOp: the gradient tape has no node for this op (tfjs-core engine changed?)');
  }
  node.saved.push(...kept);
  return y;
}
