import * as tf from '@tensorflow/tfjs-core';
import type { PreparedGroupLinear } from '@rimjs/core';
import type { FusedForwardResult, StepRecord } from './fused-forward.js';
import type { FusedPlan } from './fused-plan.js';
import { attendGradKernel, commGradKernel, gruGradKernel, lstmGradKernel, selectGradKernel, updateGradKernel } from './kernels/grad-kernels.js';
import { runJsKernel } from '@rimjs/core';

/** What one step of the backward hands to the weight gradients (see fused-backward.ts). */
export interface StepGrads {
  dP: tf.Tensor3D; // [B, K, nh*dk + GH]
  dGi: tf.Tensor3D; // [B, K, GH] (whole-sequence path: the gradient of gx_t)
  dGiRaw?: tf.Tensor3D; // [B, K, GH] GRU, whole-sequence path: before the alpha scaling
  A?: tf.Tensor3D; // [B, K, V] per-step input path: the attended value (recomputed)
  dXk: tf.Tensor2D; // [B, nh*dk]
  dXv?: tf.Tensor2D; // [B, nh*V] per-step input path
  dC?: tf.Tensor3D; // [B, K, ch*(2cdk+cdv)]
  dF?: tf.Tensor2D; // [B*K, 2H | H]
}

/** The transposed products the backward's steps use. */
export interface BackwardProducts {
  wpT: PreparedGroupLinear;
  wihT: PreparedGroupLinear | null;
  wcT: PreparedGroupLinear | null;
  wOutT: tf.Tensor2D | null;
}

/**
 * The per-step input side of the backward on the per-step input path: the attended value again
 * (for the weight gradient), its gradient through the per-unit input product and dropout, and
 * from it the gradients of alpha `[B, K, nh]` and of the input slot's value `[B, nh*V]`.
 */
export function attendedValueGrad(
  p: FusedPlan,
  r: StepRecord,
  xvt: tf.Tensor2D,
  dgi: tf.Tensor3D,
  wihT: PreparedGroupLinear,
): { A: tf.Tensor3D; dalpha: tf.Tensor3D; dXv: tf.Tensor2D } {
  const { nh, V } = p;
  const B = xvt.shape[0];
  const multIn = r.multIn ?? null;
  const mean = (nh === 1
    ? tf.mul(r.alpha, tf.reshape(xvt, [B, 1, V]))
    : tf.div(tf.matMul(r.alpha, tf.reshape(xvt, [B, nh, V])), nh)) as tf.Tensor3D; // [B, K, V] before dropout
  const A = (multIn ? tf.mul(mean, multIn) : mean) as tf.Tensor3D;
  let dA = wihT.apply(dgi); // [B, K, V]
  if (multIn) dA = tf.mul(dA, multIn) as tf.Tensor3D;
  if (nh === 1) {
    return {
      A,
      dalpha: tf.sum(tf.mul(dA, tf.reshape(xvt, [B, 1, V])), 2, true) as tf.Tensor3D, // [B, K, 1]
      dXv: tf.sum(tf.mul(dA, r.alpha), 1) as tf.Tensor2D, // [B, V]
    };
  }
  return {
    A,
    dalpha: tf.div(tf.matMul(dA, tf.reshape(xvt, [B, nh, V]), false, true), nh) as tf.Tensor3D, // [B, K, nh]
    dXv: tf.reshape(tf.div(tf.matMul(r.alpha, dA, true, false), nh), [B, nh * V]) as tf.Tensor2D, // [B, nh*V]
  };
}

/**
 * One step of the hand-written backward with its pointwise work in JavaScript kernels (cpu,
 * wasm); the same math as the tfjs-op step of `fusedBackward`. Inside a tidy.
 *
 * @param dhTot the gradient reaching h_t `[B, K, H]`; dcIn the one reaching c_t (LSTM; zeros at the end)
 * @returns the step's pieces for the weight gradients and the gradients into h_{t-1}, c_{t-1}
 */
export function jsBackwardStep(
  p: FusedPlan,
  f: FusedForwardResult,
  t: number,
  prods: BackwardProducts,
  hp: tf.Tensor3D,
  cp: tf.Tensor3D | null,
  dHs: tf.Tensor4D,
  dhIn: tf.Tensor3D | null,
  dcIn: tf.Tensor3D | null,
): { g: StepGrads; dh: tf.Tensor3D; dc: tf.Tensor3D | null } {
  const { H, nh, dk, G, lstm } = p;
  const r = f.steps[t]!;
  const g = {} as StepGrads;
  const comm = p.comm ? 1 : 0;
  const gated = p.comm?.gated ? 1 : 0;
  const carry = p.carryC;
  const ins = [dHs, ...(dhIn ? [dhIn] : []), ...(carry ? [dcIn!] : []), r.mask, ...(gated ? [r.outActs!] : []), ...(r.multOut ? [r.multOut] : [])];
  const outs = runJsKernel(updateGradKernel, ins, { H, comm, gated, hasMult: r.multOut ? 1 : 0, lstm: carry ? 1 : 0, t, hasDhIn: dhIn ? 1 : 0 });
  let dhN = outs[0] as tf.Tensor3D;
  let dhp = outs[1] as tf.Tensor3D;
  const [dcT, dcp0] = carry ? [outs[2] as tf.Tensor3D, outs[3] as tf.Tensor3D] : [null, null];
  let dhc: tf.Tensor3D | null = null;
  if (p.comm) {
    const { ch, cdk, cdv, scale } = p.comm;
    g.dF = outs[carry ? 4 : 2] as tf.Tensor2D; // [B*K, 2H | H]
    const da = tf.matMul(g.dF, prods.wOutT!); // [B*K, ch*cdv]
    g.dC = runJsKernel(commGradKernel, [da, r.C!, r.attn!], { ch, cdk, cdv, scale })[0] as tf.Tensor3D;
    dhc = prods.wcT!.apply(g.dC); // [B, K, H]
  }
  const cellAttrs = { H, hasDhc: dhc ? 1 : 0, maskInactive: p.maskInactiveGradients ? 1 : 0 };
  let dgi: tf.Tensor3D;
  let dgh: tf.Tensor3D;
  let dc: tf.Tensor3D | null = null;
  if (lstm) {
    [dgi, dc] = runJsKernel(lstmGradKernel, [dhN, ...(dhc ? [dhc] : []), r.mask, dcT!, r.acts!, cp!, dcp0!], cellAttrs) as [tf.Tensor3D, tf.Tensor3D];
    dgh = dgi;
  } else {
    if (dcT) dhN = tf.add(dhN, dcT) as tf.Tensor3D; // the carried c is the GRU's output before communication
    dc = dcp0;
    [dgi, dgh, dhp] = runJsKernel(gruGradKernel, [dhN, ...(dhc ? [dhc] : []), r.mask, r.acts!, hp, dhp], cellAttrs) as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D];
  }
  const Pw = nh * dk + G * H;
  const K = p.K;
  const row = t * dhN.shape[0]; // this step's first row of the whole-sequence tensors
  if (f.wholeSequenceInput) {
    const [dP, dXk, dGx] = runJsKernel(selectGradKernel, [dgi, f.seq.gx!, r.alpha, r.P!, f.seq.xk, dgh], { nh, dk, Pw, scaled: 1, K, row });
    [g.dP, g.dXk, g.dGi] = [dP as tf.Tensor3D, dXk as tf.Tensor2D, dGx as tf.Tensor3D];
    if (!lstm) g.dGiRaw = dgi;
  } else {
    const dA = prods.wihT!.apply(dgi); // [B, K, V]
    const ins = [dA, r.alpha, f.seq.xv, ...(r.multIn ? [r.multIn] : [])];
    const [A, dalpha, dXv] = runJsKernel(attendGradKernel, ins, { nh, V: p.V, drop: r.multIn ? 1 : 0, K, row });
    [g.A, g.dXv, g.dGi] = [A as tf.Tensor3D, dXv as tf.Tensor2D, dgi];
    const [dP, dXk] = runJsKernel(selectGradKernel, [dalpha!, r.alpha, r.P!, f.seq.xk, dgh], { nh, dk, Pw, scaled: 0, K, row });
    [g.dP, g.dXk] = [dP as tf.Tensor3D, dXk as tf.Tensor2D];
  }
  dhp = tf.add(dhp, prods.wpT.apply(g.dP)) as tf.Tensor3D;
  return { g, dh: dhp, dc };
}
