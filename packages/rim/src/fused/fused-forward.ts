import * as tf from '@tensorflow/tfjs-core';
import { topKMask } from '@rimjs/attention';
import { prepareGroupLinear, type PreparedGroupLinear } from '@rimjs/core';
import { dropoutMultiplier, type StepDropoutSeeds } from './dropout-mask.js';
import { jsForwardStep } from './fused-step-js.js';
import type { FusedPlan, FusedWeights } from './fused-plan.js';

/** Options of one fused forward pass. */
export interface FusedForwardOptions {
  training: boolean;
  /** One per step when dropout is active, else null. */
  seeds: StepDropoutSeeds[] | null;
  /** Keep what the backward needs. */
  record: boolean;
  /** Run the per-step pointwise work as JavaScript kernels (cpu and wasm) rather than tfjs ops. */
  js: boolean;
}

/** What one step keeps for the backward (absent fields: not needed by this configuration). */
export interface StepRecord {
  alpha: tf.Tensor3D; // [B, K, nh] attention on the input slot
  mask: tf.Tensor3D; // [B, K, 1] active units
  q?: tf.Tensor3D; // [B, K, nh*dk] input attention queries (ops path)
  P?: tf.Tensor3D; // [B, K, nh*dk + G*H] h's product, queries first (JavaScript-kernel path)
  acts?: tf.Tensor3D; // [B, K, 5H] LSTM (i, f, g, o, tanh c~) or [B, K, 4H] GRU (r, z, n, hn) activations (JavaScript-kernel path)
  C?: tf.Tensor3D; // [B, K, ch*(2cdk+cdv)] communication q | k | v (JavaScript-kernel path)
  outActs?: tf.Tensor2D; // [B*K, 2H] gated output's sigmoid(gate) | tanh(fc) (JavaScript-kernel path)
  multIn?: tf.Tensor3D; // [B, K, V] dropout multiplier of the attended value (kept: drawing it again costs more than it saves)
  multOut?: tf.Tensor2D; // [B*K, H] dropout multiplier of the communication output
  // LSTM
  si?: tf.Tensor3D; sf?: tf.Tensor3D; tg?: tf.Tensor3D; so?: tf.Tensor3D; tc?: tf.Tensor3D; // [B, K, H]
  // GRU
  r?: tf.Tensor3D; z?: tf.Tensor3D; n?: tf.Tensor3D; ghn?: tf.Tensor3D; // [B, K, H]
  // communication
  hT?: tf.Tensor3D; // [B, K, H] the cells' new states, before communication
  cq?: tf.Tensor4D; // [B, ch, K, cdk]
  ck?: tf.Tensor4D; // [B, ch, cdk, K]
  cv?: tf.Tensor4D; // [B, ch, K, cdv]
  attn?: tf.Tensor4D; // [B, ch, K, K] communication weights
  a?: tf.Tensor2D; // [B*K, ch*cdv] heads concatenated
  sg?: tf.Tensor2D; tfc?: tf.Tensor2D; // [B*K, H] gated output: sigmoid(gate), tanh(fc)
}

/** Everything the forward keeps (record mode) and returns. */
export interface FusedForwardResult {
  /** Every step's new `h` `[B, K, H]` (hs[t] = h_t; h_{-1} is the initial state). */
  hs: tf.Tensor3D[];
  /** Every step's new `c` (LSTM), same layout. */
  cs: tf.Tensor3D[];
  /** Every step's active units `[B, K]` (or `[B, K, 1]`). */
  masks: tf.Tensor2D[];
  steps: StepRecord[];
  /** Whole-sequence tensors the backward reads: the JavaScript kernels read xk, xv, gx at a step's rows; the tfjs ops take per-step slices. */
  seq: {
    x2: tf.Tensor2D;
    xk: tf.Tensor2D;
    /** The input slot's values `[T*B, nh*V]`, after the slot dropout when there is one. */
    xv: tf.Tensor2D;
    /** `inputDropoutPer: 'slot'` in training: every step's multiplier of the slot values `[T*B, nh*V]`. */
    slotMult: tf.Tensor2D | null;
    gx: tf.Tensor2D | null;
    xkSteps: tf.Tensor2D[];
    xvSteps: tf.Tensor2D[];
    gxSteps: tf.Tensor2D[] | null;
  };
  /** Whether the input-to-gates product ran once for the whole sequence. */
  wholeSequenceInput: boolean;
  /** Whether the steps ran as JavaScript kernels (their records hold P, acts, C, outActs). */
  js: boolean;
}

/** Weights reshaped once per forward (or backward) pass: see {@link prepareWeights}. */
export interface PreparedWeights {
  wk1: tf.Tensor2D; // [inputSize, nh*dk] slot-1 key matrix times the score scale
  wv1: tf.Tensor2D; // [inputSize, nh*V]
  wp: tf.Tensor3D; // [K, H, nh*dk + G*H]: queries and recurrent gates of h in one product
  wihCat: tf.Tensor2D | null; // [V, K*G*H] every unit's input matrix side by side
  bGates: tf.Tensor2D; // [K, G*H] LSTM: bIh + bHh; GRU: bIh
  bHh: tf.Tensor2D; // [K, G*H]
  wc: tf.Tensor3D | null; // [K, H, ch*(2 cdk + cdv)] communication q | k | v
  wOut: tf.Tensor2D | null; // [ch*cdv, 2H] (gated: fc | gate) or [ch*cdv, H]
  bOut: tf.Tensor1D | null;
  /** The per-step grouped products with their layouts made once: `h @ wp`, `A @ wIh` (per-step input path), `h~ @ wc`. */
  gP: PreparedGroupLinear;
  gIh: PreparedGroupLinear | null;
  gC: PreparedGroupLinear | null;
}

/** Layouts made once per pass, so that no step concatenates or transposes a weight. */
export function prepareWeights(p: FusedPlan, w: FusedWeights, wholeSequenceInput: boolean, batch: number): PreparedWeights {
  const I = p.inputSize;
  const wk1 = tf.mul(tf.reshape(tf.slice(w.key, [1, 0, 0], [1, I, p.nh * p.dk]), [I, p.nh * p.dk]), p.scale) as tf.Tensor2D;
  const wv1 = tf.reshape(tf.slice(w.value, [1, 0, 0], [1, I, p.nh * p.V]), [I, p.nh * p.V]) as tf.Tensor2D;
  const wp = tf.concat([w.query, w.wHh], 2) as tf.Tensor3D;
  const gh = p.G * p.H;
  const wihCat = wholeSequenceInput ? (tf.reshape(tf.transpose(w.wIh, [1, 0, 2]), [p.V, p.K * gh]) as tf.Tensor2D) : null;
  const bGates = (p.lstm ? tf.add(w.bIh, w.bHh) : w.bIh) as tf.Tensor2D;
  let wc: tf.Tensor3D | null = null;
  let wOut: tf.Tensor2D | null = null;
  let bOut: tf.Tensor1D | null = null;
  if (p.comm) {
    wc = tf.concat([w.cQuery!, w.cKey!, w.cValue!], 2) as tf.Tensor3D;
    wOut = (p.comm.gated ? tf.concat([w.fcW!, w.gateW!], 1) : w.outW!) as tf.Tensor2D;
    bOut = (p.comm.gated ? tf.concat([w.fcB!, w.gateB!], 0) : w.outB!) as tf.Tensor1D;
  }
  const gP = prepareGroupLinear(wp, { batch });
  const gIh = wholeSequenceInput ? null : prepareGroupLinear(w.wIh, { batch });
  const gC = wc ? prepareGroupLinear(wc, { batch }) : null;
  return { wk1, wv1, wp, wihCat, bGates, bHh: w.bHh, wc, wOut, bOut, gP, gIh, gC };
}

/** Rows `[t*B, (t+1)*B)` of a `[T*B, n]` tensor, for every t. */
export function perStep(x: tf.Tensor2D, T: number, B: number): tf.Tensor2D[] {
  if (T === 1) return [x];
  return tf.unstack(tf.reshape(x, [T, B, x.shape[1]])) as tf.Tensor2D[];
}

/**
 * The fused RIM forward over a whole sequence (see {@link fusedRimSequence} for the equations).
 * Per step: one grouped product of `h` (input-attention queries and recurrent gates together),
 * the selection, the cells' update and the communication; the input-side products run once
 * for the whole sequence. Call inside a tidy; in record mode every tensor of the result is meant
 * to be kept.
 */
export function fusedForward(
  p: FusedPlan,
  w: FusedWeights,
  x: tf.Tensor3D,
  h0: tf.Tensor3D,
  c0: tf.Tensor3D | null,
  o: FusedForwardOptions,
): FusedForwardResult {
  const [T, B, I] = x.shape;
  const { K, H, G, nh, dk, V } = p;
  const GH = G * H;
  const dropIn = o.training && p.inputDropout > 0 && p.inputDropoutPer === 'unit';
  const dropSlot = o.training && p.inputDropout > 0 && p.inputDropoutPer === 'slot';
  const dropOut = o.training && p.comm !== null && p.comm.dropout > 0;
  // With one head and no per-unit dropout on the attended value, unit k's input is alpha_k v(x_t)
  // (the null slot's value is 0), so every unit's input-to-gates product of every step is one
  // 2-D matMul [T*B, V] x [V, K*G*H], scaled per step and unit by alpha.
  const wholeSequenceInput = nh === 1 && !dropIn;
  const pw = prepareWeights(p, w, wholeSequenceInput, B);
  const x2 = tf.reshape(x, [T * B, I]) as tf.Tensor2D; // [T*B, I]
  const xk = tf.matMul(x2, pw.wk1) as tf.Tensor2D; // [T*B, nh*dk] keys of the input slot, scaled
  // The slot dropout: one multiplier per step, drawn as RimCell's dropSlots draws it.
  const slotMult = dropSlot
    ? (tf.concat(o.seeds!.map((s) => dropoutMultiplier([B, nh * V], p.inputDropout, s.inputSlot))) as tf.Tensor2D) // [T*B, nh*V]
    : null;
  const xv0 = tf.matMul(x2, pw.wv1) as tf.Tensor2D; // [T*B, nh*V] values of the input slot
  const xv = slotMult ? (tf.mul(xv0, slotMult) as tf.Tensor2D) : xv0;
  const gx = wholeSequenceInput ? (tf.matMul(xv, pw.wihCat!) as tf.Tensor2D) : null; // [T*B, K*G*H]
  const xkSteps = o.js ? [] : perStep(xk, T, B); // T x [B, nh*dk]
  const xvSteps = o.js ? [] : perStep(xv, T, B); // T x [B, nh*V]
  const gxSteps = gx && !o.js ? perStep(gx, T, B) : null; // T x [B, K*G*H]

  const hs: tf.Tensor3D[] = [];
  const cs: tf.Tensor3D[] = [];
  const masks: tf.Tensor2D[] = [];
  const steps: StepRecord[] = [];
  let h = h0;
  let c = c0;
  for (let t = 0; t < T; t++) {
    const seeds = o.seeds?.[t];
    const hp = h;
    const cp = c;
    type StepOut = { hNext: tf.Tensor3D; cNext: tf.Tensor3D | null; mask2: tf.Tensor2D; rec: StepRecord };
    if (o.js) {
      const r = jsForwardStep(p, pw, { t, B, hp, cp, xk, xv, gx, seeds: seeds ?? null, dropIn, dropOut });
      h = r.hNext;
      c = r.cNext;
      hs.push(r.hNext);
      if (r.cNext) cs.push(r.cNext);
      masks.push(r.mask2);
      steps.push(o.record ? r.rec : ({} as StepRecord));
      if (!o.record) {
        const { mask: _mask, ...rest } = r.rec; // the mask lives on in masks
        tf.dispose(rest as unknown as tf.TensorContainer);
      }
      continue;
    }
    const out = tf.tidy((): tf.TensorContainer => {
      const rec: StepRecord = {} as StepRecord;
      // 1. Input attention: score of the input slot (the null slot's score is 0).
      const P = pw.gP.apply(hp); // [B, K, nh*dk + G*H]
      const [q, ghAll] = tf.split(P, [nh * dk, GH], 2) as [tf.Tensor3D, tf.Tensor3D];
      const s = tf.sum(tf.mul(tf.reshape(q, [B, K, nh, dk]), tf.reshape(xkSteps[t]!, [B, 1, nh, dk])), 3); // [B, K, nh]
      const alpha = tf.sigmoid(s) as tf.Tensor3D; // [B, K, nh] = softmax([0, s])[1]
      const nullScore = (nh === 1 ? tf.reshape(tf.sub(1, alpha), [B, K]) : tf.mean(tf.sub(1, alpha), 2)) as tf.Tensor2D; // [B, K]
      // 2. Selection.
      const mask2 = topKMask(nullScore, p.topK, { largest: false }); // [B, K]
      const m = tf.reshape(mask2, [B, K, 1]) as tf.Tensor3D;
      // 3. Input to gates.
      let gi: tf.Tensor3D; // [B, K, G*H]
      if (gxSteps) {
        gi = tf.mul(tf.reshape(gxSteps[t]!, [B, K, GH]), alpha) as tf.Tensor3D;
      } else {
        let A = (nh === 1
          ? tf.mul(alpha, tf.reshape(xvSteps[t]!, [B, 1, V]))
          : tf.div(tf.matMul(alpha, tf.reshape(xvSteps[t]!, [B, nh, V])), nh)) as tf.Tensor3D; // [B, K, V] mean over heads
        if (dropIn) {
          rec.multIn = dropoutMultiplier([B, K, V], p.inputDropout, seeds!.inputValue) as tf.Tensor3D;
          A = tf.mul(A, rec.multIn);
        }
        gi = pw.gIh!.apply(A);
      }
      // 4. The units' own cells.
      let hT: tf.Tensor3D;
      let cT: tf.Tensor3D | null = null;
      if (p.lstm) {
        const gates = tf.add(tf.add(gi, ghAll), pw.bGates); // [B, K, 4H]
        const [i, f, g, oo] = tf.split(gates, 4, 2);
        rec.si = tf.sigmoid(i!) as tf.Tensor3D;
        rec.sf = tf.sigmoid(f!) as tf.Tensor3D;
        rec.tg = tf.tanh(g!) as tf.Tensor3D;
        rec.so = tf.sigmoid(oo!) as tf.Tensor3D;
        cT = tf.add(tf.mul(rec.sf, cp!), tf.mul(rec.si, rec.tg)) as tf.Tensor3D;
        rec.tc = tf.tanh(cT) as tf.Tensor3D;
        hT = tf.mul(rec.so, rec.tc) as tf.Tensor3D;
      } else {
        const [xr, xz, xn] = tf.split(tf.add(gi, pw.bGates), 3, 2);
        const [hr, hz, hn] = tf.split(tf.add(ghAll, w.bHh), 3, 2);
        rec.r = tf.sigmoid(tf.add(xr!, hr!)) as tf.Tensor3D;
        rec.z = tf.sigmoid(tf.add(xz!, hz!)) as tf.Tensor3D;
        rec.ghn = hn as tf.Tensor3D;
        rec.n = tf.tanh(tf.add(xn!, tf.mul(rec.r, hn!))) as tf.Tensor3D;
        hT = tf.add(tf.mul(tf.sub(1, rec.z), rec.n), tf.mul(rec.z, hp)) as tf.Tensor3D;
        if (p.carryC) cT = hT; // the official GRU's cx: its output before communication
      }
      // 5. Communication.
      let hN = hT;
      if (p.comm) {
        const { ch, cdk, cdv } = p.comm;
        rec.hT = hT;
        const C = pw.gC!.apply(hT); // [B, K, ch*(2 cdk + cdv)]
        const [cq, ck, cv] = tf.split(C, [ch * cdk, ch * cdk, ch * cdv], 2);
        rec.cq = tf.transpose(tf.reshape(cq!, [B, K, ch, cdk]), [0, 2, 1, 3]) as tf.Tensor4D; // [B, ch, K, cdk]
        rec.ck = tf.transpose(tf.reshape(ck!, [B, K, ch, cdk]), [0, 2, 3, 1]) as tf.Tensor4D; // [B, ch, cdk, K]
        rec.cv = tf.transpose(tf.reshape(cv!, [B, K, ch, cdv]), [0, 2, 1, 3]) as tf.Tensor4D; // [B, ch, K, cdv]
        rec.attn = tf.softmax(tf.mul(tf.matMul(rec.cq, rec.ck), p.comm.scale)) as tf.Tensor4D; // [B, ch, K, K]
        const oa = tf.matMul(rec.attn, rec.cv); // [B, ch, K, cdv]
        rec.a = tf.reshape(tf.transpose(oa, [0, 2, 1, 3]), [B * K, ch * cdv]) as tf.Tensor2D; // [B*K, ch*cdv]
        const F = tf.add(tf.matMul(rec.a, pw.wOut!), pw.bOut!) as tf.Tensor2D; // [B*K, 2H] | [B*K, H]
        const multOut = dropOut ? (dropoutMultiplier([B * K, H], p.comm.dropout, seeds!.commOutput) as tf.Tensor2D) : null;
        if (multOut) rec.multOut = multOut;
        let out: tf.Tensor2D;
        if (p.comm.gated) {
          const [fc, gt] = tf.split(F, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
          rec.tfc = tf.tanh(multOut ? tf.mul(fc, multOut) : fc) as tf.Tensor2D;
          rec.sg = tf.sigmoid(gt) as tf.Tensor2D;
          out = tf.mul(rec.sg, rec.tfc);
        } else {
          out = multOut ? tf.mul(F, multOut) : F;
        }
        hN = tf.add(hT, tf.reshape(out, [B, K, H])) as tf.Tensor3D;
      }
      // 6. Masked update: inactive units keep their state exactly.
      const keep = tf.sub(1, m);
      const hNext = tf.add(tf.mul(m, hN), tf.mul(keep, hp)) as tf.Tensor3D;
      const cNext = cT ? (tf.add(tf.mul(m, cT), tf.mul(keep, cp!)) as tf.Tensor3D) : null;
      rec.alpha = alpha;
      rec.mask = m;
      rec.q = q;
      const stepOut: StepOut = { hNext, cNext, mask2, rec: o.record ? rec : ({} as StepRecord) };
      return stepOut as unknown as tf.TensorContainer;
    }) as unknown as StepOut;
    h = out.hNext;
    c = out.cNext;
    hs.push(out.hNext);
    if (out.cNext) cs.push(out.cNext);
    masks.push(out.mask2);
    steps.push(out.rec);
  }
  return {
    hs,
    cs,
    masks,
    steps,
    seq: { x2, xk, xv, slotMult, gx, xkSteps, xvSteps, gxSteps },
    wholeSequenceInput,
    js: o.js,
  };
}
