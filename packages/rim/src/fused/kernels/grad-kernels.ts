import type { JsKernel } from '@rimjs/core';

/** The smallest positive normal float32, 2^-126. */
const FLOAT32_MIN_NORMAL = 1.1754943508222875e-38;

/**
 * Flush to zero, as PyTorch's `torch.set_flush_denormal(True)` (wasm has no such mode): a
 * gradient fading back through a long sequence goes denormal (measured: 10% of the input
 * gradient of a 196-step last-step-loss LSTM), and float32 arithmetic on denormals can be many
 * times slower on x86. Free here (the kernels write every value anyway); changes a value by less
 * than 2^-126.
 */
const ftz = (v: number): number => (v > -FLOAT32_MIN_NORMAL && v < FLOAT32_MIN_NORMAL ? 0 : v);

/*
 * The backward of step-kernels.ts, one JavaScript kernel per forward kernel (fused-backward.ts
 * holds the same math in tfjs ops for the other backends). Same layouts and names.
 */

/**
 * Backward of the masked update and the communication output. Inputs: dHs (every step's output
 * gradient `[T, B, K, H]`; this step's from `t`), (hasDhIn) dhIn (from step t+1), (lstm) dc,
 * m `[B, K, 1]`, (gated) outActs, (hasMult) multOut; attrs H, comm, gated, hasMult, lstm, t, hasDhIn.
 * Outputs: dhN `[B, K, H]` (into h~ through the residual), dhp (the kept part into h_{t-1}),
 * (lstm) dcT, dcp, (comm) dF `[B*K, 2H | H]`.
 */
export const updateGradKernel: JsKernel = {
  name: 'RimjsFusedUpdateGrad',
  shapes: (s, a) => {
    const hs = s[0]!.slice(1);
    const out = [hs, hs];
    if (a['lstm']) out.push(hs, hs);
    if (a['comm']) out.push([hs[0]! * hs[1]!, (a['gated'] ? 2 : 1) * a['H']!]);
    return out;
  },
  compute(ins, outs, a) {
    const { H, comm, gated, hasMult, lstm, t, hasDhIn } = a as Record<string, number>;
    let i = 0;
    const dHs = ins[i++]!;
    const dhIn = hasDhIn ? ins[i++]! : null;
    const dc = lstm ? ins[i++]! : null;
    const m = ins[i++]!;
    const acts = gated ? ins[i++]! : null;
    const mult = hasMult ? ins[i++]! : null;
    const [dhN, dhp] = [outs[0]!, outs[1]!];
    const [dcT, dcp] = lstm ? [outs[2]!, outs[3]!] : [null, null];
    const dF = comm ? outs[lstm ? 4 : 2]! : null;
    const rows = dhN.length / H!;
    const off = t! * dhN.length; // this step in dHs
    for (let r = 0; r < rows; r++) {
      const mr = m[r]!;
      const keep = 1 - mr;
      for (let j = 0; j < H!; j++) {
        const x = r * H! + j;
        const dh = Math.fround(dhIn ? dHs[off + x]! + dhIn[x]! : dHs[off + x]!);
        const d = ftz(mr * dh);
        dhN[x] = d;
        dhp[x] = ftz(keep * dh);
        if (dc) {
          dcT![x] = ftz(mr * dc[x]!);
          dcp![x] = ftz(keep * dc[x]!);
        }
        if (dF) {
          if (gated) {
            const sg = acts![r * 2 * H! + j]!;
            const tfc = acts![r * 2 * H! + H! + j]!;
            const dfc = d * sg * (1 - tfc * tfc);
            dF[r * 2 * H! + j] = mult ? dfc * mult[x]! : dfc;
            dF[r * 2 * H! + H! + j] = d * tfc * sg * (1 - sg);
          } else {
            dF[x] = mult ? d * mult[x]! : d;
          }
        }
      }
    }
  },
};

/**
 * Backward of the communication attention. Inputs da `[B*K, ch*cdv]`, C, attn; attrs ch, cdk,
 * cdv, scale. Output dC `[B, K, ch*(2 cdk + cdv)]`.
 */
export const commGradKernel: JsKernel = {
  name: 'RimjsFusedCommGrad',
  shapes: (s) => [s[1]!],
  compute([da, C, attn], [dC], a) {
    const { ch, cdk, cdv, scale } = a as Record<string, number>;
    const Cw = ch! * (2 * cdk! + cdv!);
    const BK = da!.length / (ch! * cdv!);
    const K = attn!.length / (ch! * BK);
    const B = BK / K;
    const dA = new Float64Array(K);
    for (let b = 0; b < B; b++) {
      for (let h = 0; h < ch!; h++) {
        for (let i = 0; i < K; i++) {
          const ao = ((b * ch! + h) * K + i) * K;
          const dOo = (b * K + i) * ch! * cdv! + h * cdv!;
          let dot = 0;
          for (let j = 0; j < K; j++) {
            const vo = (b * K + j) * Cw + 2 * ch! * cdk! + h * cdv!;
            let d = 0;
            for (let e = 0; e < cdv!; e++) {
              d += da![dOo + e]! * C![vo + e]!;
              dC![vo + e]! += attn![ao + j]! * da![dOo + e]!; // dv_j += attn_ij dO_i
            }
            dA[j] = d;
            dot += d * attn![ao + j]!;
          }
          const qo = (b * K + i) * Cw + h * cdk!;
          for (let j = 0; j < K; j++) {
            const dS = attn![ao + j]! * (dA[j]! - dot) * scale!;
            const ko = (b * K + j) * Cw + ch! * cdk! + h * cdk!;
            for (let e = 0; e < cdk!; e++) {
              dC![qo + e]! += dS * C![ko + e]!;
              dC![ko + e]! += dS * C![qo + e]!;
            }
          }
        }
      }
    }
  },
};

/**
 * Backward of the LSTM units. Inputs dhN, (hasDhc) dhc (the communication's gradient into h~),
 * m, dcT, acts `[B, K, 5H]`, cp, dcp (the kept part); attrs H, hasDhc, maskInactive.
 * Outputs dgates `[B, K, 4H]`, dcp (complete) `[B, K, H]`.
 */
export const lstmGradKernel: JsKernel = {
  name: 'RimjsFusedLstmGrad',
  shapes: (s, a) => [[s[0]![0]!, s[0]![1]!, 4 * a['H']!], s[0]!],
  compute(ins, [dg, dcpOut], a) {
    const { H, hasDhc, maskInactive } = a as Record<string, number>;
    let i = 0;
    const dhN = ins[i++]!;
    const dhc = hasDhc ? ins[i++]! : null;
    const m = ins[i++]!;
    const dcT = ins[i++]!;
    const acts = ins[i++]!;
    const cp = ins[i++]!;
    const dcp = ins[i++]!;
    const rows = dhN.length / H!;
    for (let r = 0; r < rows; r++) {
      const mr = maskInactive ? m[r]! : 1;
      const o = r * 5 * H!;
      for (let j = 0; j < H!; j++) {
        const x = r * H! + j;
        const dhT = dhN[x]! + (dhc ? mr * dhc[x]! : 0);
        const si = acts[o + j]!, sf = acts[o + H! + j]!, tg = acts[o + 2 * H! + j]!, so = acts[o + 3 * H! + j]!, tc = acts[o + 4 * H! + j]!;
        const dcTot = dcT[x]! + dhT * so * (1 - tc * tc);
        const g = r * 4 * H!;
        dg![g + j] = ftz(dcTot * tg * si * (1 - si));
        dg![g + H! + j] = ftz(dcTot * cp[x]! * sf * (1 - sf));
        dg![g + 2 * H! + j] = ftz(dcTot * si * (1 - tg * tg));
        dg![g + 3 * H! + j] = ftz(dhT * tc * so * (1 - so));
        dcpOut![x] = ftz(dcp[x]! + dcTot * sf);
      }
    }
  },
};

/**
 * Backward of the GRU units. Inputs dhN, (hasDhc) dhc, m, acts `[B, K, 4H]`, hp, dhp (the kept
 * part); attrs H, hasDhc, maskInactive. Outputs dgi, dgh `[B, K, 3H]`, dhp (with the z path) `[B, K, H]`.
 */
export const gruGradKernel: JsKernel = {
  name: 'RimjsFusedGruGrad',
  shapes: (s, a) => [[s[0]![0]!, s[0]![1]!, 3 * a['H']!], [s[0]![0]!, s[0]![1]!, 3 * a['H']!], s[0]!],
  compute(ins, [dgi, dgh, dhpOut], a) {
    const { H, hasDhc, maskInactive } = a as Record<string, number>;
    let i = 0;
    const dhN = ins[i++]!;
    const dhc = hasDhc ? ins[i++]! : null;
    const m = ins[i++]!;
    const acts = ins[i++]!;
    const hp = ins[i++]!;
    const dhp = ins[i++]!;
    const rows = dhN.length / H!;
    for (let row = 0; row < rows; row++) {
      const mr = maskInactive ? m[row]! : 1;
      const o = row * 4 * H!;
      const g = row * 3 * H!;
      for (let j = 0; j < H!; j++) {
        const x = row * H! + j;
        const dhT = dhN[x]! + (dhc ? mr * dhc[x]! : 0);
        const r = acts[o + j]!, z = acts[o + H! + j]!, n = acts[o + 2 * H! + j]!, hn = acts[o + 3 * H! + j]!;
        const dnp = dhT * (1 - z) * (1 - n * n);
        const drp = dnp * hn * r * (1 - r);
        const dzp = dhT * (hp[x]! - n) * z * (1 - z);
        dgi![g + j] = ftz(drp);
        dgi![g + H! + j] = ftz(dzp);
        dgi![g + 2 * H! + j] = ftz(dnp);
        dgh![g + j] = ftz(drp);
        dgh![g + H! + j] = ftz(dzp);
        dgh![g + 2 * H! + j] = ftz(dnp * r);
        dhpOut![x] = ftz(dhp[x]! + dhT * z);
      }
    }
  },
};

/**
 * Backward of the input attention's scores, and `dP = [dq | dgh]`. Inputs: (scaled) dgi
 * `[B, K, GH]` and every step's gx `[T*B, K*GH]`, else dalpha `[B, K, nh]`; alpha, P, xk (every
 * step's `[T*B, nh*dk]`), dgh `[B, K, GH]`; attrs nh, dk, Pw, scaled, K, row (this step's first row). Outputs dP `[B, K, Pw]`, dxk `[B, nh*dk]`, (scaled) dGx `[B, K, GH]`
 * (`alpha * dgi`, the gradient of gx).
 */
export const selectGradKernel: JsKernel = {
  name: 'RimjsFusedSelectGrad',
  shapes: (s, a) => {
    const P = s[a['scaled'] ? 3 : 2]!;
    const out = [P, [P[0]!, a['nh']! * a['dk']!]];
    if (a['scaled']) out.push(s[0]!);
    return out;
  },
  compute(ins, outs, a) {
    const { nh, dk, Pw, scaled, K, row } = a as Record<string, number>;
    let i = 0;
    const dgi = scaled ? ins[i++]! : null;
    const gx = scaled ? ins[i++]! : null;
    const dalphaIn = scaled ? null : ins[i++]!;
    const alpha = ins[i++]!;
    const P = ins[i++]!;
    const xk = ins[i++]!;
    const dgh = ins[i++]!;
    const [dP, dxk] = [outs[0]!, outs[1]!];
    const dGx = scaled ? outs[2]! : null;
    const B = alpha.length / (K! * nh!);
    const GH = dgh.length / (B * K!);
    for (let b = 0; b < B; b++) {
      for (let k = 0; k < K!; k++) {
        const r = b * K! + k;
        const rg = (row! * K! + r) * GH; // this row of every step's gx
        for (let h = 0; h < nh!; h++) {
          const al = alpha[r * nh! + h]!;
          let dal: number;
          if (dgi) {
            dal = 0;
            for (let j = 0; j < GH; j++) {
              dal += dgi[r * GH + j]! * gx![rg + j]!;
              dGx![r * GH + j] = al * dgi[r * GH + j]!;
            }
          } else {
            dal = dalphaIn![r * nh! + h]!;
          }
          const ds = dal * al * (1 - al);
          for (let d = 0; d < dk!; d++) {
            const xo = b * nh! * dk! + h * dk! + d;
            dP[r * Pw! + h * dk! + d] = ftz(ds * xk[row! * nh! * dk! + xo]!);
            dxk[xo]! += ds * P[r * Pw! + h * dk! + d]!;
          }
        }
        for (let j = 0; j < GH; j++) dP[r * Pw! + nh! * dk! + j] = dgh[r * GH + j]!;
      }
    }
  },
};

/**
 * Backward of `attendKernel`. Inputs dA `[B, K, V]` (gradient of the attended value after
 * dropout), alpha `[B, K, nh]`, xv (every step's `[T*B, nh*V]`), (drop) mult `[B, K, V]`; attrs
 * nh, V, drop, K, row.
 * Outputs A `[B, K, V]` (recomputed, for the weight gradient), dalpha `[B, K, nh]`, dxv `[B, nh*V]`.
 */
export const attendGradKernel: JsKernel = {
  name: 'RimjsFusedAttendGrad',
  shapes: ([dA, alpha], a) => [dA!, alpha!, [alpha![0]!, a['nh']! * a['V']!]],
  compute(ins, [A, dalpha, dxv], a) {
    const { nh, V, drop, K, row } = a as Record<string, number>;
    const [dA, alpha, xv, mult] = ins;
    const rows = dA!.length / V!;
    for (let r = 0; r < rows; r++) {
      const b = (r - (r % K!)) / K!;
      for (let v = 0; v < V!; v++) {
        const m = drop ? mult![r * V! + v]! : 1;
        const g = (dA![r * V! + v]! * m) / nh!; // gradient of each head's alpha_h xv_h
        let s = 0;
        for (let h = 0; h < nh!; h++) {
          const xo = (b * nh! + h) * V! + v;
          const xvo = xo + row! * nh! * V!;
          const al = alpha![r * nh! + h]!;
          s += al * xv![xvo]!;
          dalpha![r * nh! + h]! += g * xv![xvo]!;
          dxv![xo]! += g * al;
        }
        A![r * V! + v] = Math.fround(Math.fround(nh === 1 ? s : Math.fround(s) / nh!) * m);
      }
    }
  },
};
