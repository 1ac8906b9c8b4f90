import * as tf from '@tensorflow/tfjs-core';
import { groupLinearWeightGrad, prepareGroupLinear } from '@rimjs/core';
import type { FusedForwardResult, PreparedWeights } from './fused-forward.js';
import type { FusedPlan, FusedWeights, WeightName } from './fused-plan.js';
import { attendedValueGrad, jsBackwardStep, type StepGrads } from './fused-step-grad-js.js';

/** Gradients of the fused op: the input, the initial state and every weight by role. */
export interface FusedGradients {
  dx: tf.Tensor3D; // [T, B, inputSize]
  dh0: tf.Tensor3D; // [B, K, H]
  dc0: tf.Tensor3D | null;
  weights: Partial<Record<WeightName, tf.Tensor>>;
}

/** `x (1 - x)`: the derivative of a sigmoid from its output. */
const dSigmoid = (s: tf.Tensor): tf.Tensor => tf.mul(s, tf.sub(1, s));
/** `1 - x^2`: the derivative of a tanh from its output. */
const dTanh = (y: tf.Tensor): tf.Tensor => tf.sub(1, tf.square(y));
/** `[n, a] -> [a, n]` made explicit, so the product after it is a non-transposed 2-D matMul (XNNPACK on wasm). */
const tr = (x: tf.Tensor2D): tf.Tensor2D => tf.transpose(x) as tf.Tensor2D;

/** Rows (`steps * batch`) of weight-gradient products per chunk: bounds the memory of the stacked per-step pieces. */
export const CHUNK_ROWS = 2048;

/**
 * Back-propagation through the whole sequence of {@link fusedForward}, by hand: per step (last
 * to first) the masked update, the communication, the cells and the input attention; the weight
 * gradients once per chunk of steps (about {@link CHUNK_ROWS} rows) from the stacked per-step
 * inputs and output gradients, one product per weight and chunk, not one per step.
 *
 * @param dHs gradient of every step's `h` `[T, B, K, H]`
 * @param dcFinal gradient of the final `c` (LSTM) `[B, K, H]`, or null
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
  chunkRows = CHUNK_ROWS,
): FusedGradients {
  const [T, B] = dHs.shape;
  const { K, H, G, nh, dk, V } = p;
  const I = p.inputSize;
  const GH = G * H;
  const dHsteps = f.js ? [] : (tf.unstack(dHs) as tf.Tensor3D[]); // T x [B, K, H] (the JavaScript kernels read dHs at step t)
  // Transposed weights, laid out once for every step: dx = dy @ w^T per unit.
  const wpT = prepareGroupLinear(tf.transpose(pw.wp, [0, 2, 1]) as tf.Tensor3D, { batch: B }); // [K, nh*dk + GH, H]
  const wihT = f.wholeSequenceInput ? null : prepareGroupLinear(tf.transpose(w.wIh, [0, 2, 1]) as tf.Tensor3D, { batch: B }); // [K, GH, V]
  const wcT = pw.wc ? prepareGroupLinear(tf.transpose(pw.wc, [0, 2, 1]) as tf.Tensor3D, { batch: B }) : null; // [K, ch*(2cdk+cdv), H]
  const wOutT = pw.wOut ? tr(pw.wOut) : null; // [2H | H, ch*cdv]
  const zerosState = tf.zeros([B, K, H]) as tf.Tensor3D; // the gradient into the final c when none comes
  const wihCatT = f.wholeSequenceInput ? tr(pw.wihCat!) : null; // [K*GH, V]
  const wk1T = tr(pw.wk1); // [nh*dk, I]
  const wv1T = tr(pw.wv1); // [nh*V, I]

  // Weight-gradient accumulators (sums over chunks), owned by the caller's tidy.
  const acc: Partial<Record<string, tf.Tensor>> = {};
  const dxChunks: tf.Tensor2D[] = []; // per chunk, last chunk first: [rows, I]

  /** Weight gradients of steps `t0 .. t0 + n - 1` from their per-step pieces, added to `acc`. */
  const flush = (t0: number, pieces: StepGrads[]) => {
    const sums = tf.tidy((): tf.NamedTensorMap => {
      const part: tf.NamedTensorMap = {};
      const addTo = (name: string, g: tf.Tensor) => {
        const old = acc[name];
        part[name] = old ? tf.add(old, g) : g;
      };
      const n = pieces.length;
      const N = n * B;
      const stack = <R extends tf.Tensor>(xs: tf.Tensor[], shape: number[]) => tf.reshape(n === 1 ? xs[0]! : tf.concat(xs), shape) as R;
      const hPrev = stack<tf.Tensor3D>(pieces.map((_, i) => (t0 + i === 0 ? h0 : f.hs[t0 + i - 1]!)), [N, K, H]);
      const dPall = stack<tf.Tensor3D>(pieces.map((s) => s.dP), [N, K, nh * dk + GH]);
      addTo('wp', groupLinearWeightGrad(hPrev, dPall));
      addTo('bHh', tf.sum(tf.slice(dPall, [0, 0, nh * dk], [N, K, GH]), 0));
      const dGiAll = stack<tf.Tensor3D>(pieces.map((s) => s.dGi), [N, K, GH]);
      if (!p.lstm) addTo('bIh', tf.sum(f.wholeSequenceInput ? stack(pieces.map((s) => s.dGiRaw!), [N, K, GH]) : dGiAll, 0));
      const rows = (x: tf.Tensor2D) => tf.slice(x, [t0 * B, 0], [N, x.shape[1]]) as tf.Tensor2D; // this chunk's rows
      const x2 = rows(f.seq.x2); // [N, I]
      const xT = tr(x2); // [I, N]
      let dxv: tf.Tensor2D; // [N, nh*V]
      if (f.wholeSequenceInput) {
        const dgx = tf.reshape(dGiAll, [N, K * GH]) as tf.Tensor2D; // gradient of xv @ wihCat
        dxv = tf.matMul(dgx, wihCatT!) as tf.Tensor2D; // [N, V]
        addTo('wihCat', tf.matMul(tr(rows(f.seq.xv)), dgx)); // [V, K*GH]
      } else {
        addTo('wIh', groupLinearWeightGrad(stack<tf.Tensor3D>(pieces.map((s) => s.A!), [N, K, V]), dGiAll));
        dxv = stack<tf.Tensor2D>(pieces.map((s) => s.dXv!), [N, nh * V]);
      }
      const dxk = stack<tf.Tensor2D>(pieces.map((s) => s.dXk), [N, nh * dk]); // gradient of the scaled keys
      addTo('key', tf.mul(tf.matMul(xT, dxk), p.scale));
      if (f.seq.slotMult) dxv = tf.mul(dxv, rows(f.seq.slotMult)) as tf.Tensor2D; // through the slot dropout
      addTo('value', tf.matMul(xT, dxv));
      part['dx'] = tf.add(tf.matMul(dxk, wk1T), tf.matMul(dxv, wv1T)); // [N, I]
      if (p.comm) {
        const { ch, cdk, cdv } = p.comm;
        const hT = stack<tf.Tensor3D>(pieces.map((_, i) => f.steps[t0 + i]!.hT!), [N, K, H]);
        addTo('wc', groupLinearWeightGrad(hT, stack<tf.Tensor3D>(pieces.map((s) => s.dC!), [N, K, ch * (2 * cdk + cdv)])));
        const a = stack<tf.Tensor2D>(pieces.map((_, i) => f.steps[t0 + i]!.a!), [N * K, ch * cdv]);
        const dFall = stack<tf.Tensor2D>(pieces.map((s) => s.dF!), [N * K, p.comm.gated ? 2 * H : H]);
        addTo('wOut', tf.matMul(tr(a), dFall));
        addTo('bOut', tf.sum(dFall, 0));
      }
      return part;
    });
    for (const [name, t] of Object.entries(sums)) {
      if (name === 'dx') {
        dxChunks.push(t as tf.Tensor2D);
        continue;
      }
      acc[name]?.dispose();
      acc[name] = t;
    }
  };

  const chunk = Math.max(1, Math.floor(chunkRows / B));
  let pending: StepGrads[] = []; // steps t .. (in time order once reversed)
  let dh: tf.Tensor3D | null = null; // gradient reaching h_t from step t+1
  let dc: tf.Tensor3D | null = dcFinal;
  for (let t = T - 1; t >= 0; t--) {
    const r = f.steps[t]!;
    const hp = t === 0 ? h0 : f.hs[t - 1]!;
    const cp = p.carryC ? (t === 0 ? c0! : f.cs[t - 1]!) : null;
    const dhIn = dh;
    const dcIn = dc;
    type StepOut = { g: StepGrads; dh: tf.Tensor3D; dc: tf.Tensor3D | null };
    const res = tf.tidy((): tf.TensorContainer => {
      if (f.js) {
        const dcJs = p.carryC ? (dcIn ?? zerosState) : null;
        return jsBackwardStep(p, f, t, { wpT, wihT, wcT, wOutT }, hp, cp, dHs, dhIn, dcJs) as unknown as tf.TensorContainer;
      }
      const dhTot = (dhIn ? tf.add(dHsteps[t]!, dhIn) : dHsteps[t]!) as tf.Tensor3D; // [B, K, H]
      const g = {} as StepGrads;
      const m = r.mask; // [B, K, 1]
      const keep = tf.sub(1, m);
      // 6. Masked update.
      const dhN = tf.mul(m, dhTot) as tf.Tensor3D;
      let dhp = tf.mul(keep, dhTot) as tf.Tensor3D; // into h_{t-1}
      let dcp: tf.Tensor3D | null = null;
      let dcT: tf.Tensor3D | null = null;
      if (p.carryC) {
        dcT = (dcIn ? tf.mul(m, dcIn) : tf.zerosLike(dhN)) as tf.Tensor3D;
        dcp = (dcIn ? tf.mul(keep, dcIn) : tf.zerosLike(dhN)) as tf.Tensor3D;
      }
      // 5. Communication.
      let dhT = dhN;
      if (p.comm) {
        const { ch, cdk, cdv, scale } = p.comm;
        const dout = tf.reshape(dhN, [B * K, H]) as tf.Tensor2D;
        const multOut = r.multOut ?? null;
        if (p.comm.gated) {
          const dgt = tf.mul(tf.mul(dout, r.tfc!), dSigmoid(r.sg!));
          let dfc = tf.mul(tf.mul(dout, r.sg!), dTanh(r.tfc!));
          if (multOut) dfc = tf.mul(dfc, multOut);
          g.dF = tf.concat([dfc, dgt], 1) as tf.Tensor2D; // [B*K, 2H]
        } else {
          g.dF = multOut ? (tf.mul(dout, multOut) as tf.Tensor2D) : dout;
        }
        const da = tf.matMul(g.dF, wOutT!); // [B*K, ch*cdv]
        const dOa = tf.transpose(tf.reshape(da, [B, K, ch, cdv]), [0, 2, 1, 3]); // [B, ch, K, cdv]
        const dAttn = tf.matMul(dOa, r.cv!, false, true); // [B, ch, K, K]
        const dcv = tf.matMul(r.attn!, dOa, true, false); // [B, ch, K, cdv]
        const dS = tf.mul(tf.mul(r.attn!, tf.sub(dAttn, tf.sum(tf.mul(dAttn, r.attn!), 3, true))), scale); // [B, ch, K, K]
        const dcq = tf.matMul(dS, r.ck!, false, true); // [B, ch, K, cdk]
        const dck = tf.matMul(r.cq!, dS, true, false); // [B, ch, cdk, K]
        g.dC = tf.concat(
          [
            tf.reshape(tf.transpose(dcq, [0, 2, 1, 3]), [B, K, ch * cdk]),
            tf.reshape(tf.transpose(dck, [0, 3, 1, 2]), [B, K, ch * cdk]),
            tf.reshape(tf.transpose(dcv, [0, 2, 1, 3]), [B, K, ch * cdv]),
          ],
          2,
        ) as tf.Tensor3D; // [B, K, ch*(2cdk+cdv)]
        const dhc = wcT!.apply(g.dC); // [B, K, H]
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
        if (dcT) dhT = tf.add(dhT, dcT) as tf.Tensor3D; // the carried c is the GRU's output before communication
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
        g.dGi = tf.mul(dgi, r.alpha) as tf.Tensor3D; // d(gx_t) [B, K, GH]
        if (!p.lstm) g.dGiRaw = dgi; // the GRU's input bias is added after the alpha scaling
      } else {
        g.dGi = dgi;
        const v = attendedValueGrad(p, r, f.seq.xvSteps[t]!, dgi, wihT!);
        [g.A, g.dXv, dalpha] = [v.A, v.dXv, v.dalpha];
      }
      const ds4 = tf.reshape(tf.mul(dalpha, dSigmoid(r.alpha)), [B, K, nh, 1]); // [B, K, nh, 1]
      const dq = tf.reshape(tf.mul(ds4, tf.reshape(f.seq.xkSteps[t]!, [B, 1, nh, dk])), [B, K, nh * dk]); // [B, K, nh*dk]
      g.dXk = tf.reshape(tf.sum(tf.mul(ds4, tf.reshape(r.q!, [B, K, nh, dk])), 1), [B, nh * dk]) as tf.Tensor2D; // [B, nh*dk]
      g.dP = tf.concat([dq, dgh], 2) as tf.Tensor3D; // [B, K, nh*dk + GH]
      dhp = tf.add(dhp, wpT.apply(g.dP)) as tf.Tensor3D;
      const stepOut: StepOut = { g, dh: dhp, dc: dcp };
      return stepOut as unknown as tf.TensorContainer;
    }) as unknown as StepOut;
    if (dh) dh.dispose();
    if (dc && dc !== dcFinal) dc.dispose();
    dh = res.dh;
    dc = res.dc;
    pending.unshift(res.g);
    if (pending.length === chunk || t === 0) {
      flush(t, pending);
      tf.dispose(pending as unknown as tf.TensorContainer);
      pending = [];
    }
  }

  const g: Partial<Record<WeightName, tf.Tensor>> = {};
  [g.query, g.wHh] = tf.split(acc['wp']!, [nh * dk, GH], 2);
  g.bHh = acc['bHh']!;
  g.bIh = p.lstm ? acc['bHh']! : acc['bIh']!;
  g.wIh = f.wholeSequenceInput ? tf.transpose(tf.reshape(acc['wihCat']!, [V, K, GH]), [1, 0, 2]) : acc['wIh']!; // [K, V, GH]
  const zerosSlot = (n: number) => tf.zeros([1, I, n]);
  g.key = tf.concat([zerosSlot(nh * dk), tf.expandDims(acc['key']!, 0)], 0);
  g.value = tf.concat([zerosSlot(nh * V), tf.expandDims(acc['value']!, 0)], 0);
  if (p.comm) {
    const { ch, cdk, cdv } = p.comm;
    [g.cQuery, g.cKey, g.cValue] = tf.split(acc['wc']!, [ch * cdk, ch * cdk, ch * cdv], 2);
    if (p.comm.gated) {
      [g.fcW, g.gateW] = tf.split(acc['wOut']!, 2, 1);
      [g.fcB, g.gateB] = tf.split(acc['bOut']!, 2, 0);
    } else {
      g.outW = acc['wOut']!;
      g.outB = acc['bOut']!;
    }
  }
  const dx2 = dxChunks.length === 1 ? dxChunks[0]! : tf.concat(dxChunks.reverse()); // [T*B, I]
  return { dx: tf.reshape(dx2, [T, B, I]) as tf.Tensor3D, dh0: dh!, dc0: dc, weights: g };
}
