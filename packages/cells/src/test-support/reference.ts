// Test support (not part of the package): plain references the cells are checked against.
// Everything here uses PyTorch's layout (`weight_ih [G*hidden, in]`) and PyTorch's formulas,
// written out gate by gate, so it shares no code with the implementation.
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '@rimjs/core';

/** A float32 tensor of `shape` with entries uniform in [-scale, scale) from a seeded Rng. */
export function randomTensor(rng: Rng, shape: number[], scale = 1): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: n }, () => rng.uniform(-scale, scale)), shape);
}

/** PyTorch-layout weights of one dense cell as plain arrays. */
export interface TorchArrays {
  wih: Float32Array; // [G*H, in]
  whh: Float32Array; // [G*H, H]
  bih: Float32Array; // [G*H]
  bhh: Float32Array; // [G*H]
}

/** Random PyTorch-layout tensors for a dense cell with `gates` gates. */
export function randomTorchCell(rng: Rng, gates: number, inSize: number, hidden: number, scale = 0.5) {
  return {
    weight_ih: randomTensor(rng, [gates * hidden, inSize], scale),
    weight_hh: randomTensor(rng, [gates * hidden, hidden], scale),
    bias_ih: randomTensor(rng, [gates * hidden], scale),
    bias_hh: randomTensor(rng, [gates * hidden], scale),
  };
}

export function torchArrays(t: ReturnType<typeof randomTorchCell>): TorchArrays {
  return {
    wih: t.weight_ih.dataSync() as Float32Array,
    whh: t.weight_hh.dataSync() as Float32Array,
    bih: t.bias_ih.dataSync() as Float32Array,
    bhh: t.bias_hh.dataSync() as Float32Array,
  };
}

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

/** `W_i[k] x + b_i[k]` for gate k, hidden index j, batch row b (float64). */
function affine(w: Float32Array, b: Float32Array, v: ArrayLike<number>, row: number, width: number, offset: number): number {
  let s = b[row]!;
  for (let i = 0; i < width; i++) s += w[row * width + i]! * v[offset + i]!;
  return s;
}

/**
 * PyTorch `nn.LSTMCell`, formula by formula, in float64:
 * i = σ(W_ii x + b_ii + W_hi h + b_hi), f = σ(...), g = tanh(...), o = σ(...),
 * c' = f c + i g, h' = o tanh(c').  x [batch, in], h and c [batch, H], flat row-major.
 */
export function refLstm(x: ArrayLike<number>, h: ArrayLike<number>, c: ArrayLike<number>, w: TorchArrays, batch: number, inSize: number, H: number) {
  const hOut = new Float64Array(batch * H);
  const cOut = new Float64Array(batch * H);
  for (let b = 0; b < batch; b++) {
    for (let j = 0; j < H; j++) {
      const pre = (k: number): number =>
        affine(w.wih, w.bih, x, k * H + j, inSize, b * inSize) + affine(w.whh, w.bhh, h, k * H + j, H, b * H);
      const i = sigmoid(pre(0));
      const f = sigmoid(pre(1));
      const g = Math.tanh(pre(2));
      const o = sigmoid(pre(3));
      const cNew = f * c[b * H + j]! + i * g;
      cOut[b * H + j] = cNew;
      hOut[b * H + j] = o * Math.tanh(cNew);
    }
  }
  return { h: hOut, c: cOut };
}

/**
 * PyTorch `nn.GRUCell`, formula by formula, in float64:
 * r = σ(W_ir x + b_ir + W_hr h + b_hr), z = σ(W_iz x + b_iz + W_hz h + b_hz),
 * n = tanh(W_in x + b_in + r (W_hn h + b_hn)), h' = (1 - z) n + z h.
 */
export function refGru(x: ArrayLike<number>, h: ArrayLike<number>, w: TorchArrays, batch: number, inSize: number, H: number) {
  const hOut = new Float64Array(batch * H);
  for (let b = 0; b < batch; b++) {
    for (let j = 0; j < H; j++) {
      const xi = (k: number): number => affine(w.wih, w.bih, x, k * H + j, inSize, b * inSize);
      const hh = (k: number): number => affine(w.whh, w.bhh, h, k * H + j, H, b * H);
      const r = sigmoid(xi(0) + hh(0));
      const z = sigmoid(xi(1) + hh(1));
      const n = Math.tanh(xi(2) + r * hh(2));
      hOut[b * H + j] = (1 - z) * n + z * h[b * H + j]!;
    }
  }
  return { h: hOut };
}

/** Rows `k*H ... (k+1)*H` of a PyTorch matrix or bias: gate k. */
function gate(t: tf.Tensor, k: number, H: number): tf.Tensor {
  return t.rank === 2 ? tf.slice(t, [k * H, 0], [H, -1]) : tf.slice(t, [k * H], [H]);
}

/** The same LSTM as {@link refLstm} in tf ops (so tf.grads can differentiate it), torch layout. */
export function tfRefLstm(x: tf.Tensor, h: tf.Tensor, c: tf.Tensor, wih: tf.Tensor, whh: tf.Tensor, bih: tf.Tensor, bhh: tf.Tensor) {
  const H = h.shape[h.rank - 1]!;
  const pre = (k: number) =>
    tf.add(
      tf.add(tf.matMul(x as tf.Tensor2D, gate(wih, k, H) as tf.Tensor2D, false, true), gate(bih, k, H)),
      tf.add(tf.matMul(h as tf.Tensor2D, gate(whh, k, H) as tf.Tensor2D, false, true), gate(bhh, k, H)),
    );
  const i = tf.sigmoid(pre(0));
  const f = tf.sigmoid(pre(1));
  const g = tf.tanh(pre(2));
  const o = tf.sigmoid(pre(3));
  const cNew = tf.add(tf.mul(f, c), tf.mul(i, g));
  return { h: tf.mul(o, tf.tanh(cNew)), c: cNew };
}

/** The same GRU as {@link refGru} in tf ops, torch layout. */
export function tfRefGru(x: tf.Tensor, h: tf.Tensor, wih: tf.Tensor, whh: tf.Tensor, bih: tf.Tensor, bhh: tf.Tensor) {
  const H = h.shape[h.rank - 1]!;
  const xi = (k: number) => tf.add(tf.matMul(x as tf.Tensor2D, gate(wih, k, H) as tf.Tensor2D, false, true), gate(bih, k, H));
  const hh = (k: number) => tf.add(tf.matMul(h as tf.Tensor2D, gate(whh, k, H) as tf.Tensor2D, false, true), gate(bhh, k, H));
  const r = tf.sigmoid(tf.add(xi(0), hh(0)));
  const z = tf.sigmoid(tf.add(xi(1), hh(1)));
  const n = tf.tanh(tf.add(xi(2), tf.mul(r, hh(2))));
  return { h: tf.add(tf.mul(tf.sub(1, z), n), tf.mul(z, h)) };
}

/** Max |a - b| between a tensor and a plain array. */
export function maxDiff(t: tf.Tensor, ref: ArrayLike<number>): number {
  const a = t.dataSync();
  if (a.length !== ref.length) throw new Error(`maxDiff: sizes ${a.length} and ${ref.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - ref[i]!));
  return m;
}

/** Max |a - b| between two tensors, relative to max(|b|, floor). */
export function relDiff(a: tf.Tensor, b: tf.Tensor, floor = 1e-3): number {
  const x = a.dataSync();
  const y = b.dataSync();
  if (x.length !== y.length) throw new Error(`relDiff: sizes ${x.length} and ${y.length}`);
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]! - y[i]!) / Math.max(Math.abs(y[i]!), floor));
  return m;
}

