import * as tf from '@tensorflow/tfjs-core';
import type { StepDropoutSeeds } from './dropout-mask.js';
import type { PreparedWeights, StepRecord } from './fused-forward.js';
import type { FusedPlan } from './fused-plan.js';
import { runJsKernel } from '@rimjs/core';
import { attendKernel, commKernel, dropoutKernel, gruKernel, lstmKernel, selectKernel, updateKernel } from './kernels/step-kernels.js';

/** What one step of {@link jsForwardStep} reads. */
export interface JsStepInputs {
  t: number;
  B: number;
  hp: tf.Tensor3D; // [B, K, H]
  cp: tf.Tensor3D | null; // [B, K, H]
  /** Every step's scaled input keys `[T*B, nh*dk]` (the kernels read this step's rows, from `t * B`). */
  xk: tf.Tensor2D;
  /** Every step's input values `[T*B, nh*V]`. */
  xv: tf.Tensor2D;
  /** Every step's input-to-gates product `[T*B, K*G*H]` (whole-sequence input path). */
  gx: tf.Tensor2D | null;
  seeds: StepDropoutSeeds | null;
  dropIn: boolean;
  dropOut: boolean;
}

/** The dropout multiplier of `tf.dropout(x, rate, undefined, seed)` for an `x` of `shape`, in two kernels. */
export function dropoutMultiplierJs(shape: number[], rate: number, seed: number): tf.Tensor {
  return runJsKernel(dropoutKernel, [tf.randomUniform(shape, 0, 1, 'float32', seed)], { keep: 1 - rate })[0]!;
}

/**
 * One step of the fused forward with the pointwise work in JavaScript kernels (cpu, wasm): the
 * same math as the tfjs-op step of `fusedForward`, in about a quarter of the engine calls.
 * Returns the new state, the mask and the step's record (new tensors, owned by the caller).
 */
export function jsForwardStep(
  p: FusedPlan,
  pw: PreparedWeights,
  s: JsStepInputs,
): { hNext: tf.Tensor3D; cNext: tf.Tensor3D | null; mask2: tf.Tensor2D; rec: StepRecord } {
  const { K, H, G, nh, dk, V, lstm } = p;
  const { B, hp, cp } = s;
  const Pw = nh * dk + G * H;
  type Out = { hNext: tf.Tensor3D; cNext: tf.Tensor3D | null; mask2: tf.Tensor2D; rec: StepRecord };
  return tf.tidy((): tf.TensorContainer => {
    const rec = {} as StepRecord;
    const P = pw.gP.apply(hp); // [B, K, Pw]
    const row = s.t * B; // this step's first row of the whole-sequence tensors
    const [alpha, m] = runJsKernel(selectKernel, [P, s.xk], { nh, dk, topK: p.topK, Pw, K, row }) as [tf.Tensor3D, tf.Tensor3D];
    // Input to gates, then the cells.
    let cellIn: tf.Tensor[];
    if (s.gx) {
      cellIn = [s.gx, alpha];
    } else {
      const u = s.dropIn ? [tf.randomUniform([B, K, V], 0, 1, 'float32', s.seeds!.inputValue)] : [];
      const att = runJsKernel(attendKernel, [alpha, s.xv, ...u], { nh, V, drop: s.dropIn ? 1 : 0, keep: 1 - p.inputDropout, K, row });
      if (s.dropIn) rec.multIn = att[1] as tf.Tensor3D;
      cellIn = [pw.gIh!.apply(att[0] as tf.Tensor3D)]; // [B, K, G*H]
    }
    const attrs = { H, off: nh * dk, Pw, scaled: s.gx ? 1 : 0, row };
    let hT: tf.Tensor3D;
    let cT: tf.Tensor3D | null = null;
    if (lstm) {
      [rec.acts, cT, hT] = runJsKernel(lstmKernel, [...cellIn, P, pw.bGates, cp!], attrs) as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D];
    } else {
      [rec.acts, hT] = runJsKernel(gruKernel, [...cellIn, P, pw.bGates, pw.bHh!, hp], attrs) as [tf.Tensor3D, tf.Tensor3D];
    }
    // Communication, output and the masked update.
    const upd: tf.Tensor[] = [];
    let gated = 0;
    if (p.comm) {
      const { ch, cdk, cdv, scale } = p.comm;
      rec.hT = hT;
      rec.C = pw.gC!.apply(hT); // [B, K, ch*(2cdk+cdv)]
      [rec.attn, rec.a] = runJsKernel(commKernel, [rec.C], { ch, cdk, cdv, scale }) as [tf.Tensor4D, tf.Tensor2D];
      upd.push(tf.add(tf.matMul(rec.a, pw.wOut!), pw.bOut!)); // [B*K, 2H | H]
      if (s.dropOut) upd.push((rec.multOut = dropoutMultiplierJs([B * K, H], p.comm.dropout, s.seeds!.commOutput) as tf.Tensor2D));
      gated = p.comm.gated ? 1 : 0;
    }
    const carry = p.carryC;
    upd.push(hT, m, hp, ...(carry ? [lstm ? cT! : hT, cp!] : [])); // GRU's carried c: its output before communication
    const outs = runJsKernel(updateKernel, upd, { H, comm: p.comm ? 1 : 0, gated, hasMult: rec.multOut ? 1 : 0, lstm: carry ? 1 : 0 });
    const hNext = outs[0] as tf.Tensor3D;
    const cNext = carry ? (outs[1] as tf.Tensor3D) : null;
    if (gated) rec.outActs = outs[carry ? 2 : 1] as tf.Tensor2D;
    rec.alpha = alpha;
    rec.mask = m;
    rec.P = P;
    const out: Out = { hNext, cNext, mask2: m as unknown as tf.Tensor2D, rec }; // the mask [B, K, 1]: the caller flattens them all at once
    return out as unknown as tf.TensorContainer;
  }) as unknown as Out;
}
