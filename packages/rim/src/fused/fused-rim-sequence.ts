import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, recordedOp } from '@rimjs/core';
import type { RimCell, RimState } from '../rim-cell.js';
import { stepDropoutSeeds } from './dropout-mask.js';
import { jsKernelsAvailable } from '@rimjs/core';
import { fusedBackward } from './fused-backward.js';
import { fusedForward, prepareWeights, type FusedForwardResult } from './fused-forward.js';
import { fusedPlan, fusedUnsupported, fusedWeights, WEIGHT_ORDER, type FusedWeights, type WeightName } from './fused-plan.js';

/** Options of {@link fusedRimSequence}. */
export interface FusedSequenceOptions {
  training?: boolean;
  /** One seed per step, what the composed path's `RimCell.step` receives at that step (needed when training with dropout). */
  stepSeeds?: number[];
  /**
   * Rows (`steps * batch`) per chunk of the backward's weight-gradient products: larger is fewer,
   * larger products; smaller bounds the memory of the stacked per-step pieces. Default 2048.
   */
  chunkRows?: number;
  /**
   * `js` (default on cpu and wasm): each step's pointwise work (selection, cell update,
   * communication attention, masked update and their gradients) as a few JavaScript kernels on
   * the backend's memory; `ops`: as tfjs ops (the path of every other backend).
   */
  kernels?: 'js' | 'ops';
}

/** What {@link fusedRimSequence} returns; the caller disposes it all. */
export interface FusedSequenceResult {
  /** Every step's new `h`, all units concatenated `[time, batch, numUnits * hidden]`. */
  outputs: tf.Tensor3D;
  /** The state after the last step. */
  finalState: RimState;
  /** The active units of every step `[time, batch, numUnits]`. */
  masks: tf.Tensor3D;
}

function collect(x: unknown, into: tf.Tensor[]): tf.Tensor[] {
  if (x instanceof tf.Tensor) into.push(x);
  else if (Array.isArray(x)) x.forEach((v) => collect(v, into));
  else if (x && typeof x === 'object') Object.values(x).forEach((v) => collect(v, into));
  return into;
}

/**
 * A whole sequence of one RIM layer as one fused op with a hand-written backward (what cuDNN does
 * for an LSTM): the same numbers as running {@link RimCell.step} at every step (its composed,
 * readable path, which stays the reference; a test holds the two equal, values and every
 * gradient), in far fewer tensors, keeping for the backward only the gates, states, attention
 * weights and masks.
 *
 * Per step, for every unit k (`x_t` one input row, `s` the input slot's score, the null slot's 0):
 * ```
 * [q | g_h] = h_{t-1}[k] [W_q[k] | W_hh[k]]                     one grouped product of h
 * alpha = sigmoid(scale q . x_t W_k)                            = softmax([0, s])[1], per head
 * active = topK units with the least 1 - alpha (mean over heads)
 * A[k] = dropout(mean_h alpha_h x_t W_v,h)                      the attended value
 * g_x = A[k] W_ih[k]  or, one head without per-unit dropout, alpha * (x_t W_v W_ih)[k]
 * h~, c~ = LSTM / GRU update from g_x + b_ih, g_h + b_hh
 * h^ = h~ + comm(h~)                                            gated or residual, as RimCell
 * h_t = m h^ + (1 - m) h_{t-1};  c_t = m c~ + (1 - m) c_{t-1}
 * ```
 * The input-side products (`x W_k`, `x W_v` and, when it applies, `x W_v W_ih`) run once for the
 * whole sequence, weight layouts are made once per pass, and the weight gradients are one
 * product per weight over all steps.
 *
 * @param cell a cell the fused kernel supports ({@link fusedUnsupported} is null)
 * @param inputs `[time, batch, inputSize]`
 * @param initial `h` (and `c` for LSTM units) `[batch, numUnits, hidden]`; not disposed
 * @throws ConfigError when the cell is not supported, or when training with dropout without one seed per step.
 */
export function fusedRimSequence(cell: RimCell, inputs: tf.Tensor3D, initial: RimState, options: FusedSequenceOptions = {}): FusedSequenceResult {
  const why = fusedUnsupported(cell);
  if (why) throw new ConfigError(`fusedRimSequence: the fused kernel does not cover this cell: ${why}`);
  const p = { ...fusedPlan(cell), carryC: cell.config.cell === 'lstm' || initial.c !== undefined };
  const w0 = fusedWeights(cell);
  const names = WEIGHT_ORDER.filter((n) => w0[n] !== undefined);
  const [T, B] = inputs.shape;
  const { K, H, carryC: carry } = p;
  const training = options.training ?? false;
  const dropping = training && (p.inputDropout > 0 || (p.comm !== null && p.comm.dropout > 0));
  if (dropping && options.stepSeeds?.length !== T) {
    throw new ConfigError(`fusedRimSequence: 'options.stepSeeds' must hold one seed per step (${T}) when training with dropout, got ${options.stepSeeds?.length ?? 'undefined'}`);
  }
  const seeds = dropping ? options.stepSeeds!.map(stepDropoutSeeds) : null;
  const js = (options.kernels ?? 'js') === 'js' && jsKernelsAvailable();
  const stateInputs = carry ? [initial.h, initial.c!] : [initial.h];
  const weightsOf = (xs: tf.Tensor[]): FusedWeights => {
    const w: Partial<FusedWeights> = {};
    names.forEach((n, i) => ((w as Record<string, tf.Tensor>)[n] = xs[stateInputs.length + 1 + i]!));
    return w as FusedWeights;
  };
  const nH = T * B * K * H;
  const nC = carry ? B * K * H : 0;
  type Saved = { f: FusedForwardResult; h0: tf.Tensor3D; c0: tf.Tensor3D | null };
  return tf.tidy(() => {
    const packed = recordedOp<Saved | null>(
      [inputs, ...stateInputs, ...names.map((n) => w0[n]!)],
      (xs, record) => {
        const x = xs[0] as tf.Tensor3D;
        const h0 = xs[1] as tf.Tensor3D;
        const c0 = carry ? (xs[2] as tf.Tensor3D) : null;
        const f = fusedForward(p, weightsOf(xs), x, h0, c0, { training, seeds, record, js });
        const parts = [tf.reshape(tf.stack(f.hs), [-1])];
        if (carry) parts.push(tf.reshape(f.cs[T - 1]!, [-1]));
        parts.push(tf.reshape(tf.stack(f.masks), [-1]));
        const value = tf.concat(parts);
        if (!record) return { value, state: null, kept: [] };
        // Keep only what the backward reads: per-step records, states, and the sequence tensors.
        const seq = { ...f.seq, gx: f.js ? f.seq.gx : null, xk: f.js ? f.seq.xk : null, xvSteps: f.wholeSequenceInput ? [] : f.seq.xvSteps };
        const state: Saved = { f: { ...f, seq: seq as FusedForwardResult['seq'], masks: [] }, h0: tf.clone(h0), c0: c0 ? tf.clone(c0) : null };
        return { value, state, kept: collect(state, []) };
      },
      (dy, saved, xs) => {
        const { f, h0, c0 } = saved!;
        const w = weightsOf(xs);
        const pw = prepareWeights(p, w, f.wholeSequenceInput, B);
        const dHs = tf.reshape(tf.slice(dy, 0, nH), [T, B, K, H]) as tf.Tensor4D;
        const dcF = carry ? (tf.reshape(tf.slice(dy, nH, nC), [B, K, H]) as tf.Tensor3D) : null;
        const g = fusedBackward(p, w, pw, f, h0, c0, dHs, dcF, options.chunkRows);
        return [g.dx, g.dh0, ...(carry ? [g.dc0 ?? tf.zerosLike(h0)] : []), ...names.map((n: WeightName) => g.weights[n]!)];
      },
    );
    const hs = tf.reshape(tf.slice(packed, 0, nH), [T, B, K * H]) as tf.Tensor3D;
    const h = tf.reshape(tf.slice(hs, [T - 1, 0, 0], [1, B, K * H]), [B, K, H]) as tf.Tensor3D;
    const finalState: RimState = carry ? { h, c: tf.reshape(tf.slice(packed, nH, nC), [B, K, H]) as tf.Tensor3D } : { h };
    const masks = tf.reshape(tf.slice(packed, nH + nC, T * B * K), [T, B, K]) as tf.Tensor3D;
    return { outputs: hs, finalState, masks } as unknown as tf.TensorContainer;
  }) as unknown as FusedSequenceResult;
}
