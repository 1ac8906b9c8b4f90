import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, assertShape, groupLinear, runJsKernel } from '@rimjs/core';
import { BSR_MAT_MUL_KERNEL } from './bsr-kernel.js';
import type { BsrMatrix } from './bsr-matrix.js';

/**
 * A {@link BsrMatrix} laid out for {@link bsrMatMul}: its blocks regrouped by block column and
 * padded to the same count per column (`kmax`, the most non-zero blocks of any block column; a
 * padding block is zero and reads block row 0). Owns two tensors: call `dispose()`.
 */
export interface PreparedBsr {
  readonly rows: number;
  readonly cols: number;
  readonly block: readonly [number, number];
  /** The most stored blocks of any block column. */
  readonly kmax: number;
  /** `[cols / bw * kmax]` int32: the block row of each (padded) block, column by column. */
  readonly gatherIdx: tf.Tensor1D;
  /** `[cols / bw, kmax * bh, bw]`: the blocks of each block column stacked along rows. */
  readonly weights: tf.Tensor3D;
  /** The BSR arrays as float32 tensors for the `kernel` method: row pointer, column indices, blocks transposed `[nnzb, bw, bh]`. */
  readonly csr: readonly [tf.Tensor1D, tf.Tensor1D, tf.Tensor1D];
  dispose(): void;
}

/**
 * Prepares a BSR matrix for {@link bsrMatMul} (host work once per matrix, not per call).
 * @example
 * const prepared = prepareBsr(denseToBsr(await w.data(), 256, 1024, [16, 16]));
 */
export function prepareBsr(m: BsrMatrix): PreparedBsr {
  const [bh, bw] = m.block;
  const gc = m.cols / bw;
  const perCol: number[][] = Array.from({ length: gc }, () => []); // stored block ids per block column
  const rowOf = new Int32Array(m.colIdx.length);
  for (let i = 0; i + 1 < m.rowPtr.length; i++) {
    for (let k = m.rowPtr[i]!; k < m.rowPtr[i + 1]!; k++) {
      perCol[m.colIdx[k]!]!.push(k);
      rowOf[k] = i;
    }
  }
  const kmax = Math.max(1, ...perCol.map((c) => c.length));
  const idx = new Int32Array(gc * kmax);
  const w = new Float32Array(gc * kmax * bh * bw);
  perCol.forEach((blocks, j) => {
    blocks.forEach((k, slot) => {
      idx[j * kmax + slot] = rowOf[k]!;
      w.set(m.values.subarray(k * bh * bw, (k + 1) * bh * bw), (j * kmax + slot) * bh * bw);
    });
  });
  const gatherIdx = tf.tensor1d(idx, 'int32');
  const weights = tf.tensor3d(w, [gc, kmax * bh, bw]);
  const valuesT = new Float32Array(m.values.length); // each block transposed: [nnzb, bw, bh]
  for (let k = 0; k < m.colIdx.length; k++) {
    for (let r = 0; r < bh; r++) for (let c = 0; c < bw; c++) valuesT[(k * bw + c) * bh + r] = m.values[(k * bh + r) * bw + c]!;
  }
  const csr = [tf.tensor1d(Float32Array.from(m.rowPtr)), tf.tensor1d(Float32Array.from(m.colIdx)), tf.tensor1d(valuesT)] as const;
  return { rows: m.rows, cols: m.cols, block: [bh, bw], kmax, gatherIdx, weights, csr, dispose: () => tf.dispose([gatherIdx, weights, ...csr]) };
}

/** How {@link bsrMatMul} computes: `kernel` (default) or `grouped`. */
export type BsrMethod = 'kernel' | 'grouped';

/**
 * `x @ W` for a block-sparse `W [rows, cols]` (inference: no gradient).
 * - `kernel` (default): {@link BSR_MAT_MUL_KERNEL}, a JavaScript loop over the stored blocks on the
 *   backend's memory; its work is proportional to the stored blocks.
 * - `grouped`: {@link bsrMatMulGrouped}, three tfjs ops.
 *
 * @param x `[batch, rows]`
 * @returns `[batch, cols]` (the caller disposes it)
 * @throws ShapeError when `x` does not fit; ConfigError for an unknown method.
 * @example
 * const y = bsrMatMul(x, prepared); // x [batch, 256] -> [batch, 1024]
 */
export function bsrMatMul(x: tf.Tensor2D, m: PreparedBsr, method: BsrMethod = 'kernel'): tf.Tensor2D {
  const [batch] = assertShape('bsrMatMul', 'x', x, [['batch', null], ['rows', m.rows]]);
  if (method === 'grouped') return bsrMatMulGrouped(x, m);
  if (method !== 'kernel') throw new ConfigError(`bsrMatMul: 'method' must be "kernel" | "grouped", got ${JSON.stringify(method)}`);
  const [bh, bw] = m.block;
  return tf.tidy(() => {
    const xf = x.dtype === 'float32' ? x : tf.cast(x, 'float32');
    return runJsKernel(BSR_MAT_MUL_KERNEL, [xf, ...m.csr], { batch: batch!, rows: m.rows, cols: m.cols, bh, bw })[0] as tf.Tensor2D; // [batch, cols]
  });
}

/**
 * `x @ W` for a block-sparse `W [rows, cols]`, in three ops whatever the sparsity: gather the
 * input slices each block column needs, one grouped matMul over block columns (core's
 * {@link groupLinear}: a grouped GEMM in XNNPACK on wasm, a batched matMul on cpu), reshape.
 * Work is `batch * cols * kmax * bh` multiply-adds, i.e. the density of the fullest block column
 * times the dense matMul's.
 *
 * ```
 * xb = x as [batch, rows / bh, bh]
 * g  = xb[:, gatherIdx] as [batch, cols / bw, kmax * bh]
 * y  = groupLinear(g, weights) as [batch, cols]      // weights [cols / bw, kmax * bh, bw]
 * ```
 * @param x `[batch, rows]`
 * @returns `[batch, cols]` (the caller disposes it)
 * @throws ShapeError when `x` does not fit.
 */
export function bsrMatMulGrouped(x: tf.Tensor2D, m: PreparedBsr): tf.Tensor2D {
  const [batch] = assertShape('bsrMatMulGrouped', 'x', x, [['batch', null], ['rows', m.rows]]);
  const [bh, bw] = m.block;
  return tf.tidy(() => {
    const xb = tf.reshape(x, [batch!, m.rows / bh, bh]); // [batch, rows / bh, bh]
    const g = tf.reshape(tf.gather(xb, m.gatherIdx, 1), [batch!, m.cols / bw, m.kmax * bh]); // [batch, cols / bw, kmax * bh]
    return tf.reshape(groupLinear(g as tf.Tensor3D, m.weights), [batch!, m.cols]) as tf.Tensor2D; // [batch, cols]
  });
}
