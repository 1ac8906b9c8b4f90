import type { JsKernel } from '@rimjs/core';

/*
 * The per-step pointwise work of the fused RIM (see fused-forward.ts for the same math in tfjs
 * ops, the path of the other backends), one JavaScript kernel each. Flat float32 layouts:
 * `[B, K, n]` at `(b * K + k) * n + j`. Values are computed in double and stored as float32.
 *
 * Names: B batch, K units, H hidden, P = h's product `[B, K, Pw]` (queries `nh*dk` first, then
 * the recurrent gates), `xk` the scaled input keys `[B, nh*dk]`.
 */

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
/** tanh from one exp (V8's Math.tanh costs about three); in double, exact to far below float32's ulp. */
export const tanh = (x: number): number => (x > 20 ? 1 : x < -20 ? -1 : Math.abs(x) < 0.01 ? Math.tanh(x) : 2 / (1 + Math.exp(-2 * x)) - 1);

/**
 * Input attention and selection. Inputs P, xk (every step's `[T*B, nh*dk]`, this step's rows
 * from `row`); attrs nh, dk, topK, Pw, K, row.
 * Outputs alpha `[B, K, nh]` (weight on the input slot), mask `[B, K, 1]` (the topK units with
 * the least null weight, mean over heads; ties: lower unit index, as `topKMask`).
 */
export const selectKernel: JsKernel = {
  name: 'RimjsFusedSelect',
  shapes: ([p], a) => [[p![0]!, p![1]!, a['nh']!], [p![0]!, p![1]!, 1]],
  compute([P, xk], [alpha, mask], a) {
    const { nh, dk, topK, Pw, row: row0 } = a as Record<string, number>;
    const K = a['K']!;
    const B = mask!.length / K;
    const nul = new Float64Array(K);
    const order = new Array<number>(K);
    for (let b = 0; b < B; b++) {
      for (let k = 0; k < K; k++) {
        const row = (b * K + k) * Pw!;
        let n0 = 0;
        for (let h = 0; h < nh!; h++) {
          let s = 0;
          for (let d = 0; d < dk!; d++) s += P![row + h * dk! + d]! * xk![(row0! + b) * nh! * dk! + h * dk! + d]!;
          const al = Math.fround(sigmoid(s));
          alpha![(b * K + k) * nh! + h] = al;
          n0 += 1 - al;
        }
        nul[k] = Math.fround(n0 / nh!);
        order[k] = k;
      }
      order.sort((i, j) => nul[i]! - nul[j]! || i - j);
      for (let r = 0; r < topK!; r++) mask![b * K + order[r]!] = 1;
    }
  },
};

/** `floor(u + keep) / keep` in float32, as `tf.dropout` computes its multiplier. Input u; attr keep. */
export const dropoutKernel: JsKernel = {
  name: 'RimjsFusedDropout',
  shapes: ([u]) => [u!],
  compute([u], [m], a) {
    const keep = Math.fround(a['keep']!);
    for (let i = 0; i < u!.length; i++) m![i] = Math.fround(Math.floor(Math.fround(u![i]! + keep)) / keep);
  },
};

/**
 * LSTM units. Inputs: gi `[B, K, 4H]` (scaled: every step's gx `[T*B, K*4H]`, this step's rows
 * from `row`, and alpha `[B, K, 1]`), P, bias `[K, 4H]` (bIh + bHh), cp `[B, K, H]`; attrs H,
 * off (gates' offset in P), Pw, scaled, row.
 * Outputs acts `[B, K, 5H]` (sigmoid i, sigmoid f, tanh g, sigmoid o, tanh c~), c~, h~ `[B, K, H]`.
 */
export const lstmKernel: JsKernel = {
  name: 'RimjsFusedLstm',
  shapes: (s, a) => {
    const [B, K] = s[s.length - 1]!;
    return [[B!, K!, 5 * a['H']!], [B!, K!, a['H']!], [B!, K!, a['H']!]];
  },
  compute(ins, [acts, cT, hT], a) {
    const { H, off, Pw, scaled } = a as Record<string, number>;
    const [gi, alpha] = scaled ? [ins[0]!, ins[1]!] : [ins[0]!, null];
    const [P, bias, cp] = scaled ? [ins[2]!, ins[3]!, ins[4]!] : [ins[1]!, ins[2]!, ins[3]!];
    const G = 4 * H!;
    const rows = cT!.length / H!;
    const K = bias!.length / G;
    const r0 = scaled ? a['row']! * K : 0; // this step's first row of gx
    for (let r = 0; r < rows; r++) {
      const k = r % K;
      const sc = alpha ? alpha[r]! : 1;
      const g = (j: number) => sc * gi[(r0 + r) * G + j]! + P![r * Pw! + off! + j]! + bias![k * G + j]!;
      for (let j = 0; j < H!; j++) {
        const si = Math.fround(sigmoid(Math.fround(g(j))));
        const sf = Math.fround(sigmoid(Math.fround(g(H! + j))));
        const tg = Math.fround(tanh(Math.fround(g(2 * H! + j))));
        const so = Math.fround(sigmoid(Math.fround(g(3 * H! + j))));
        const c = Math.fround(sf * cp![r * H! + j]! + si * tg);
        const tc = Math.fround(tanh(c));
        const o = r * 5 * H!;
        acts![o + j] = si;
        acts![o + H! + j] = sf;
        acts![o + 2 * H! + j] = tg;
        acts![o + 3 * H! + j] = so;
        acts![o + 4 * H! + j] = tc;
        cT![r * H! + j] = c;
        hT![r * H! + j] = so * tc;
      }
    }
  },
};

/**
 * GRU units (reset-after). Inputs: gi `[B, K, 3H]` (scaled: every step's gx, alpha), P, bIh,
 * bHh `[K, 3H]`, hp `[B, K, H]`; attrs H, off, Pw, scaled, row. Outputs acts `[B, K, 4H]` (r, z, n, the recurrent
 * n-gate pre-activation), h~ `[B, K, H]`.
 */
export const gruKernel: JsKernel = {
  name: 'RimjsFusedGru',
  shapes: (s, a) => {
    const [B, K] = s[s.length - 1]!;
    return [[B!, K!, 4 * a['H']!], [B!, K!, a['H']!]];
  },
  compute(ins, [acts, hT], a) {
    const { H, off, Pw, scaled } = a as Record<string, number>;
    const [gi, alpha] = scaled ? [ins[0]!, ins[1]!] : [ins[0]!, null];
    const [P, bIh, bHh, hp] = scaled ? [ins[2]!, ins[3]!, ins[4]!, ins[5]!] : [ins[1]!, ins[2]!, ins[3]!, ins[4]!];
    const G = 3 * H!;
    const rows = hT!.length / H!;
    const K = bIh!.length / G;
    const r0 = scaled ? a['row']! * K : 0; // this step's first row of gx
    for (let row = 0; row < rows; row++) {
      const k = row % K;
      const sc = alpha ? alpha[row]! : 1;
      const x = (j: number) => Math.fround(sc * gi[(r0 + row) * G + j]! + bIh![k * G + j]!);
      const h = (j: number) => Math.fround(P![row * Pw! + off! + j]! + bHh![k * G + j]!);
      for (let j = 0; j < H!; j++) {
        const r = Math.fround(sigmoid(x(j) + h(j)));
        const z = Math.fround(sigmoid(x(H! + j) + h(H! + j)));
        const hn = h(2 * H! + j);
        const n = Math.fround(tanh(x(2 * H! + j) + r * hn));
        const o = row * 4 * H!;
        acts![o + j] = r;
        acts![o + H! + j] = z;
        acts![o + 2 * H! + j] = n;
        acts![o + 3 * H! + j] = hn;
        hT![row * H! + j] = (1 - z) * n + z * hp![row * H! + j]!;
      }
    }
  },
};

/**
 * Communication attention among units. Input C `[B, K, ch*(2 cdk + cdv)]` (queries, keys,
 * values); attrs ch, cdk, cdv, scale. Outputs attn `[B, ch, K, K]` (softmax over the last axis),
 * a `[B*K, ch*cdv]` (heads concatenated).
 */
export const commKernel: JsKernel = {
  name: 'RimjsFusedComm',
  shapes: ([c], a) => [[c![0]!, a['ch']!, c![1]!, c![1]!], [c![0]! * c![1]!, a['ch']! * a['cdv']!]],
  compute([C], [attn, out], a) {
    const { ch, cdk, cdv, scale } = a as Record<string, number>;
    const Cw = ch! * (2 * cdk! + cdv!);
    const BK = out!.length / (ch! * cdv!);
    const K = attn!.length / (ch! * BK);
    const B = BK / K;
    const s = new Float64Array(K);
    for (let b = 0; b < B; b++) {
      for (let h = 0; h < ch!; h++) {
        for (let i = 0; i < K; i++) {
          const qo = (b * K + i) * Cw + h * cdk!;
          let max = -Infinity;
          for (let j = 0; j < K; j++) {
            const ko = (b * K + j) * Cw + ch! * cdk! + h * cdk!;
            let d = 0;
            for (let e = 0; e < cdk!; e++) d += C![qo + e]! * C![ko + e]!;
            s[j] = Math.fround(Math.fround(d) * scale!);
            if (s[j]! > max) max = s[j]!;
          }
          let sum = 0;
          for (let j = 0; j < K; j++) sum += (s[j] = Math.exp(s[j]! - max));
          const ao = ((b * ch! + h) * K + i) * K;
          for (let j = 0; j < K; j++) attn![ao + j] = s[j]! / sum;
          const oo = (b * K + i) * ch! * cdv! + h * cdv!;
          for (let j = 0; j < K; j++) {
            const w = attn![ao + j]!;
            const vo = (b * K + j) * Cw + 2 * ch! * cdk! + h * cdv!;
            for (let e = 0; e < cdv!; e++) out![oo + e]! += w * C![vo + e]!;
          }
        }
      }
    }
  },
};

/**
 * Communication output and the masked update. Inputs: (comm) F `[B*K, 2H | H]`, (hasMult)
 * multOut `[B*K, H]`, h~, m `[B, K, 1]`, hp, (lstm) c~, cp; attrs H, comm, gated, hasMult, lstm.
 * Outputs h, (lstm) c `[B, K, H]`, (gated) outActs `[B*K, 2H]` (sigmoid gate, tanh fc).
 * `h = m (h~ + out) + (1 - m) hp`: exact for a 0/1 mask (inactive units keep hp bit for bit).
 */
export const updateKernel: JsKernel = {
  name: 'RimjsFusedUpdate',
  shapes: (s, a) => {
    const hShape = s[(a['comm'] ? 1 : 0) + (a['hasMult'] ? 1 : 0)]!;
    const out = [hShape];
    if (a['lstm']) out.push(hShape);
    if (a['gated']) out.push([hShape[0]! * hShape[1]!, 2 * a['H']!]);
    return out;
  },
  compute(ins, outs, a) {
    const { H, comm, gated, hasMult, lstm } = a as Record<string, number>;
    let i = 0;
    const F = comm ? ins[i++]! : null;
    const mult = hasMult ? ins[i++]! : null;
    const hT = ins[i++]!;
    const m = ins[i++]!;
    const hp = ins[i++]!;
    const cT = lstm ? ins[i++]! : null;
    const cp = lstm ? ins[i++]! : null;
    const h = outs[0]!;
    const c = lstm ? outs[1]! : null;
    const acts = gated ? outs[lstm ? 2 : 1]! : null;
    const rows = hT.length / H!;
    for (let r = 0; r < rows; r++) {
      const mr = m[r]!;
      const keep = 1 - mr;
      for (let j = 0; j < H!; j++) {
        const x = r * H! + j;
        let out = 0;
        if (F) {
          if (gated) {
            const fc = Math.fround(mult ? F[r * 2 * H! + j]! * mult[x]! : F[r * 2 * H! + j]!);
            const sg = Math.fround(sigmoid(F[r * 2 * H! + H! + j]!));
            const tfc = Math.fround(tanh(fc));
            acts![r * 2 * H! + j] = sg;
            acts![r * 2 * H! + H! + j] = tfc;
            out = Math.fround(sg * tfc);
          } else {
            out = Math.fround(mult ? F[x]! * mult[x]! : F[x]!);
          }
        }
        const hN = Math.fround(hT[x]! + out);
        h[x] = Math.fround(Math.fround(mr * hN) + Math.fround(keep * hp[x]!));
        if (c) c[x] = Math.fround(Math.fround(mr * cT![x]!) + Math.fround(keep * cp![x]!));
      }
    }
  },
};

/**
 * The attended value of every unit: `A[b, k] = mean_h alpha[b, k, h] xv[b, h]` (the null slot's
 * value is 0), times the dropout multiplier `floor(u + keep) / keep` when dropping. Inputs alpha
 * `[B, K, nh]`, xv (every step's `[T*B, nh*V]`, this step's rows from `row`), (drop) u
 * `[B, K, V]`; attrs nh, V, drop, keep, K, row. Outputs A
 * `[B, K, V]`, (drop) the multiplier `[B, K, V]`.
 */
export const attendKernel: JsKernel = {
  name: 'RimjsFusedAttend',
  shapes: ([alpha], a) => {
    const s = [alpha![0]!, alpha![1]!, a['V']!];
    return a['drop'] ? [s, s] : [s];
  },
  compute(ins, outs, a) {
    const { nh, V, drop, K, row } = a as Record<string, number>;
    const [alpha, xv, u] = ins;
    const [A, mult] = outs;
    const keep = Math.fround(a['keep']!);
    const rows = A!.length / V!; // B * K
    for (let r = 0; r < rows; r++) {
      const b = row! + (r - (r % K!)) / K!;
      for (let v = 0; v < V!; v++) {
        let s = 0;
        for (let h = 0; h < nh!; h++) s += alpha![r * nh! + h]! * xv![(b * nh! + h) * V! + v]!;
        let x = Math.fround(nh === 1 ? s : Math.fround(s) / nh!);
        if (drop) {
          const m = Math.fround(Math.floor(Math.fround(u![r * V! + v]! + keep)) / keep);
          mult![r * V! + v] = m;
          x = Math.fround(x * m);
        }
        A![r * V! + v] = x;
      }
    }
  },
};
