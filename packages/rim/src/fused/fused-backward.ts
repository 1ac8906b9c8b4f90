import * as tf from '@tensorflow/tfjs-core';
import { groupLinearWeightGrad, prepareGroupLinear } from '@rimjs/core';
import type { FusedForwardResult, PreparedWeights } from './fused-forward.js';
import type { FusedPlan, FusedWeights, WeightName } from './fused-plan.js';

/** Gradients of the fused op: the input, the initial state and every weight by role. */
export interface FusedGradients {
  dx: tf.Tensor3D; // [T, B, inputSize]
  dh0: tf.Tensor3D; // [B, K, H]
  dc0: tf.Tensor3D | null;
  weights: Partial<Record<WeightName, tf.Tensor>>;
}

const t3 = (a: tf.Tensor, b: tf.Tensor): tf.Tensor3D => tf.mul(a, b) as tf.Tensor3D;
/** `x (1 - x)`: the derivative of a sigmoid from its output. */
const dSigmoid = (s: tf.Tensor): tf.Tensor => tf.mul(s, tf.sub(1, s));
/** `1 - x^2`: the derivative of a tanh from its output. */
const dTanh = (y: tf.Tensor): tf.Tensor => tf.sub(1, tf.square(y));

/** `[n, a] -> [a, n]` made explicit, so the product after it is a non-transposed 2-D matMul (XNNPACK on wasm). */
const tr = (x: tf.Tensor2D): tf.Tensor2D => tf.transpose(x) as tf.Tensor2D;

/**
 * Back-propagation through the whole sequence of {@link fusedForward}, by hand: per step (last
 * to first) the masked update, the communication, the cells and the input attention; weight
 * gradients once per sequence from the stacked per-step inputs and output gradients (one
 * {@link groupLinearWeightGrad} or 2-D matMul per weight, not one per step).
 *
 * @param dHs gradient of every step's `h` `[T, B, K, H]`
 * @param dcT gradient of the final `c` (LSTM) `[B, K, H]`, or null
 */
export function fusedBackward(
  p: FusedPlan,
  w: FusedWeights,
  pw: PreparedWeights,
  f: FusedForwardResult,
  h0: tf.Tensor3D,
  c0: tf.Tensor3D | null,
  dHs: tf.Tensor4D,
  dcFinal: tf.Tensor3D | null,
): FusedGradients {
  const [T, B] = dHs.shape;
  const { K, H, G, nh, dk, V } = p;
  const GH = G * H;
  const dHsteps = tf.unstack(dHs) as tf.Tensor3D[]; // T x [B, K, H]
  // Transposed weights, laid out once for every step: dx = dy @ w^T per unit.
  const wpT = prepareGroupLinear(tf.transpose(pw.wp, [0, 2, 1]) as tf.Tensor3D); // [K, nh*dk + GH, H]
  const wihT = f.wholeSequenceInput ? null : prepareGroupLinear(tf.transpose(w.wIh, [0, 2, 1]) as tf.Tensor3D); // [K, GH, V]
  const wcT = pw.wc ? prepareGroupLinear(tf.transpose(pw.wc, [0, 2, 1]) as tf.Tensor3D) : null; // [K, ch*(2cdk+cdv), H]
  const wOutT = pw.wOut ? tr(pw.wOut) : null; // [2H | H, ch*cdv]

  // Per-step pieces the weight gradients need, stacked after the loop.
  const dP: tf.Tensor3D[] = new Array(T); // [B, K, nh*dk + GH]
  const dGi: tf.Tensor3D[] = new Array(T); // [B, K, GH]
  const dXk: tf.Tensor2D[] = new Array(T); // [B, nh*dk]
  const dXv: tf.Tensor2D[] = new Array(T); // [B, nh*V] (per-step input path)
  const dC: tf.Tensor3D[] = new Array(T); // [B, K, ch*(2cdk+cdv)]
  const dF: tf.Tensor2D[] = new Array(T); // [B*K, 2H | H]
  const dGiRaw: tf.Tensor3D[] = new Array(T); // [B, K, GH] (GRU, whole-sequence input path)

  let dh: tf.Tensor3D | null = null; // gradient reaching h_t from step t+1
  let dc: tf.Tensor3D | null = dcFinal;
  for (let t = T - 1; t >= 0; t--) {
    const r = f.steps[t]!;
    const hp = t === 0 ? h0 : f.hs[t - 1]!;
    const cp = p.lstm ? (t === 0 ? c0! : f.cs[t - 1]!) : null;
    const dhIn = dh;
    const dcIn = dc;
    const res = tf.tidy(() => {
      const out: Record<string, tf.Tensor> = {};
      const dhTot = dhIn ? tf.add(dHsteps[t]!, dhIn) : dHsteps[t]!; // [B, K, H]
      const m = r.mask; // [B, K, 1]
      const keep = tf.sub(1, m);
      // 6. Masked update.
      const dhN = t3(m, dhTot);
      let dhp = t3(keep, dhTot); // into h_{t-1}
      let dcp: tf.Tensor3D | null = null;
      let dcT: tf.Tensor3D | null = null;
      if (p.lstm) {
        dcT = dcIn ? t3(m, dcIn) : (tf.zerosLike(dhN) as tf.Tensor3D);
        dcp = dcIn ? t3(keep, dcIn) : (tf.zerosLike(dhN) as tf.Tensor3D);
      }
      // 5. Communication.
      let dhT = dhN;
      if (p.comm) {
        const { ch, cdk, cdv, scale } = p.comm;
        const dout = tf.reshape(dhN, [B * K, H]) as tf.Tensor2D;
        let dFt: tf.Tensor2D;
        if (p.comm.gated) {
          const dgt = tf.mul(tf.mul(dout, r.tfc!), dSigmoid(r.sg!));
          let dfc = tf.mul(tf.mul(dout, r.sg!), dTanh(r.tfc!));
          if (r.multOut) dfc = tf.mul(dfc, r.multOut);
          dFt = tf.concat([dfc, dgt], 1) as tf.Tensor2D; // [B*K, 2H]
        } else {
          dFt = r.multOut ? (tf.mul(dout, r.multOut) as tf.Tensor2D) : dout;
        }
        out['dF'] = dFt;
        const da = tf.matMul(dFt, wOutT!); // [B*K, ch*cdv]
        const dOa = tf.transpose(tf.reshape(da, [B, K, ch, cdv]), [0, 2, 1, 3]); // [B, ch, K, cdv]
        const dAttn = tf.matMul(dOa, r.cv!, false, true); // [B, ch, K, K]
        const dcv = tf.matMul(r.attn!, dOa, true, false); // [B, ch, K, cdv]
        const dS = tf.mul(tf.mul(r.attn!, tf.sub(dAttn, tf.sum(tf.mul(dAttn, r.attn!), 3, true))), scale); // [B, ch, K, K]
        const dcq = tf.matMul(dS, r.ck!, false, true); // [B, ch, K, cdk]
        const dck = tf.matMul(r.cq!, dS, true, false); // [B, ch, cdk, K]
        const dCt = tf.concat(
          [
            tf.reshape(tf.transpose(dcq, [0, 2, 1, 3]), [B, K, ch * cdk]),
            tf.reshape(tf.transpose(dck, [0, 3, 1, 2]), [B, K, ch * cdk]),
            tf.reshape(tf.transpose(dcv, [0, 2, 1, 3]), [B, K, ch * cdv]),
          ],
          2,
        ) as tf.Tensor3D; // [B, K, ch*(2cdk+cdv)]
        out['dC'] = dCt;
        const dhc = wcT!.apply(dCt); // [B, K, H]
        dhT = tf.add(dhN, p.maskInactiveGradients ? tf.mul(m, dhc) : dhc) as tf.Tensor3D;
      }
      // 4. The cells.
      let dgi: tf.Tensor3D;
      let dgh: tf.Tensor3D;
      if (p.lstm) {
        const dso = tf.mul(dhT, r.tc!);
        const dcTot = tf.add(dcT!, tf.mul(tf.mul(dhT, r.so!), dTanh(r.tc!)));
        const dsi = tf.mul(dcTot, r.tg!);
        const dsf = tf.mul(dcTot, cp!);
        const dtg = tf.mul(dcTot, r.si!);
        dcp = tf.add(dcp!, tf.mul(dcTot, r.sf!)) as tf.Tensor3D;
        dgi = tf.concat(
          [tf.mul(dsi, dSigmoid(r.si!)), tf.mul(dsf, dSigmoid(r.sf!)), tf.mul(dtg, dTanh(r.tg!)), tf.mul(dso, dSigmoid(r.so!))],
          2,
        ) as tf.Tensor3D; // [B, K, 4H]
        dgh = dgi;
      } else {
        const dn = tf.mul(dhT, tf.sub(1, r.z!));
        const dz = tf.mul(dhT, tf.sub(hp, r.n!));
        dhp = tf.add(dhp, tf.mul(dhT, r.z!)) as tf.Tensor3D;
        const dnp = tf.mul(dn, dTanh(r.n!));
        const drp = tf.mul(tf.mul(dnp, r.ghn!), dSigmoid(r.r!));
        const dzp = tf.mul(dz, dSigmoid(r.z!));
        dgi = tf.concat([drp, dzp, dnp], 2) as tf.Tensor3D; // [B, K, 3H]
        dgh = tf.concat([drp, dzp, tf.mul(dnp, r.r!)], 2) as tf.Tensor3D;
      }
      // 3. Input to gates, and the attention on the input slot.
      let dalpha: tf.Tensor3D; // [B, K, nh]
      if (f.wholeSequenceInput) {
        const gxt = tf.reshape(f.seq.gxSteps![t]!, [B, K, GH]);
        dalpha = tf.sum(tf.mul(dgi, gxt), 2, true) as tf.Tensor3D; // [B, K, 1]
        out['dGi'] = tf.mul(dgi, r.alpha); // d(gx_t) [B, K, GH]
        if (!p.lstm) out['dGiRaw'] = dgi; // the GRU's input bias is added after the alpha scaling
      } else {
        out['dGi'] = dgi;
        let dA = wihT!.apply(dgi); // [B, K, V]
        if (r.multIn) dA = tf.mul(dA, r.multIn) as tf.Tensor3D;
        const xvt = f.seq.xvSteps[t]!; // [B, nh*V]
        if (nh === 1) {
          dalpha = tf.sum(tf.mul(dA, tf.reshape(xvt, [B, 1, V])), 2, true) as tf.Tensor3D; // [B, K, 1]
          out['dXv'] = tf.sum(tf.mul(dA, r.alpha), 1); // [B, V]
        } else {
          dalpha = tf.div(tf.matMul(dA, tf.reshape(xvt, [B, nh, V]), false, true), nh) as tf.Tensor3D; // [B, K, nh]
          out['dXv'] = tf.reshape(tf.div(tf.matMul(r.alpha, dA, true, false), nh), [B, nh * V]); // [B, nh*V]
        }
      }
      const ds = tf.mul(dalpha, dSigmoid(r.alpha)); // [B, K, nh]
      const ds4 = tf.reshape(ds, [B, K, nh, 1]);
      const dq = tf.reshape(tf.mul(ds4, tf.reshape(f.seq.xkSteps[t]!, [B, 1, nh, dk])), [B, K, nh * dk]); // [B, K, nh*dk]
      out['dXk'] = tf.reshape(tf.sum(tf.mul(ds4, tf.reshape(r.q, [B, K, nh, dk])), 1), [B, nh * dk]); // [B, nh*dk]
      const dPt = tf.concat([dq, dgh], 2) as tf.Tensor3D; // [B, K, nh*dk + GH]
      out['dP'] = dPt;
      dhp = tf.add(dhp, wpT.apply(dPt)) as tf.Tensor3D;
      out['dh'] = dhp;
      if (dcp) out['dc'] = dcp;
      return out;
    });
    dP[t] = res['dP'] as tf.Tensor3D;
    dGi[t] = res['dGi'] as tf.Tensor3D;
    dXk[t] = res['dXk'] as tf.Tensor2D;
    if (res['dXv']) dXv[t] = res['dXv'] as tf.Tensor2D;
    if (res['dC']) dC[t] = res['dC'] as tf.Tensor3D;
    if (res['dF']) dF[t] = res['dF'] as tf.Tensor2D;
    if (res['dGiRaw']) dGiRaw[t] = res['dGiRaw'] as tf.Tensor3D;
    if (dh) dh.dispose();
    if (dc && dc !== dcFinal) dc.dispose();
    dh = res['dh'] as tf.Tensor3D;
    dc = (res['dc'] as tf.Tensor3D | undefined) ?? null;
  }

  // Weight gradients, once for the whole sequence.
  const N = T * B;
  const g: Partial<Record<WeightName, tf.Tensor>> = {};
  const stackRows = (xs: tf.Tensor[], shape: number[]) => tf.reshape(T === 1 ? xs[0]! : tf.stack(xs), shape);
  const hPrev = stackRows([h0, ...f.hs.slice(0, T - 1)], [N, K, H]) as tf.Tensor3D; // [T*B, K, H]
  const dPall = stackRows(dP, [N, K, nh * dk + GH]) as tf.Tensor3D;
  const [dWq, dWhh] = tf.split(groupLinearWeightGrad(hPrev, dPall), [nh * dk, GH], 2);
  g.query = dWq!;
  g.wHh = dWhh!;
  const dGh = tf.slice(dPall, [0, 0, nh * dk], [N, K, GH]); // [T*B, K, GH]
  const dGiAll = stackRows(dGi, [N, K, GH]) as tf.Tensor3D;
  g.bHh = tf.sum(dGh, 0);
  g.bIh = p.lstm ? g.bHh : tf.sum(f.wholeSequenceInput ? stackRows(dGiRaw, [N, K, GH]) : dGiAll, 0);
  const xT = tr(f.seq.x2); // [I, T*B]
  let dxv: tf.Tensor2D; // [T*B, nh*V]
  if (f.wholeSequenceInput) {
    const dgx = tf.reshape(dGiAll, [N, K * GH]) as tf.Tensor2D; // [T*B, K*GH] gradient of x v @ wihCat
    dxv = tf.matMul(dgx, tr(pw.wihCat!)); // [T*B, V]
    const dWcat = tf.matMul(tr(f.seq.xv), dgx); // [V, K*GH]
    g.wIh = tf.transpose(tf.reshape(dWcat, [V, K, GH]), [1, 0, 2]); // [K, V, GH]
  } else {
    const A = stackRows(f.steps.map((s) => s.A!), [N, K, V]) as tf.Tensor3D;
    g.wIh = groupLinearWeightGrad(A, dGiAll);
    dxv = stackRows(dXv, [N, nh * V]) as tf.Tensor2D;
  }
  const dxk = stackRows(dXk, [N, nh * dk]) as tf.Tensor2D; // gradient of the scaled keys
  const zerosSlot = (n: number) => tf.zeros([1, p.inputSize, n]);
  g.key = tf.concat([zerosSlot(nh * dk), tf.expandDims(tf.mul(tf.matMul(xT, dxk), p.scale), 0)], 0);
  g.value = tf.concat([zerosSlot(nh * V), tf.expandDims(tf.matMul(xT, dxv), 0)], 0);
  const dx2 = tf.add(tf.matMul(dxk, tr(pw.wk1)), tf.matMul(dxv, tr(pw.wv1))); // [T*B, I]
  if (p.comm) {
    const { ch, cdk, cdv } = p.comm;
    const hT = stackRows(f.steps.map((s) => s.hT!), [N, K, H]) as tf.Tensor3D;
    const [gq, gk, gv] = tf.split(groupLinearWeightGrad(hT, stackRows(dC, [N, K, ch * (2 * cdk + cdv)]) as tf.Tensor3D), [ch * cdk, ch * cdk, ch * cdv], 2);
    g.cQuery = gq!;
    g.cKey = gk!;
    g.cValue = gv!;
    const a = stackRows(f.steps.map((s) => s.a!), [N * K, ch * cdv]) as tf.Tensor2D;
    const dFall = stackRows(dF, [N * K, p.comm.gated ? 2 * H : H]) as tf.Tensor2D;
    const dWout = tf.matMul(tr(a), dFall); // [ch*cdv, 2H | H]
    const dbOut = tf.sum(dFall, 0);
    if (p.comm.gated) {
      [g.fcW, g.gateW] = tf.split(dWout, 2, 1);
      [g.fcB, g.gateB] = tf.split(dbOut, 2, 0);
    } else {
      g.outW = dWout;
      g.outB = dbOut;
    }
  }
  return { dx: tf.reshape(dx2, [T, B, p.inputSize]) as tf.Tensor3D, dh0: dh!, dc0: dc, weights: g };
}
