import { checkBlockShape, type BlockShape } from './block-shape.js';

/**
 * A block-sparse matrix `[rows, cols]` in BSR (block compressed sparse row) form, host data:
 * block row `i` holds the blocks `rowPtr[i] .. rowPtr[i + 1] - 1`, block `k` sits at block
 * column `colIdx[k]` and its `bh * bw` values are `values[k * bh * bw ..]`, row-major.
 */
export interface BsrMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly block: BlockShape;
  readonly rowPtr: Int32Array; // [rows / bh + 1]
  readonly colIdx: Int32Array; // [nnzb]
  readonly values: Float32Array; // [nnzb, bh, bw]
}

/**
 * The BSR form of a dense row-major matrix, keeping the blocks with a non-zero value (or, given
 * `blockMask [rows / bh, cols / bw]`, those whose mask is non-zero).
 * @throws ConfigError / ShapeError for a bad block shape.
 * @example
 * const bsr = denseToBsr(await w.data(), 64, 256, [8, 8]);
 */
export function denseToBsr(dense: ArrayLike<number>, rows: number, cols: number, block: BlockShape, blockMask?: ArrayLike<number>): BsrMatrix {
  const [gr, gc] = checkBlockShape('denseToBsr', 'block', block, [rows, cols]);
  const [bh, bw] = block;
  const rowPtr = new Int32Array(gr + 1);
  const cols_: number[] = [];
  const vals: number[] = [];
  for (let i = 0; i < gr; i++) {
    for (let j = 0; j < gc; j++) {
      let keep = false;
      if (blockMask) keep = blockMask[i * gc + j] !== 0;
      else for (let a = 0; a < bh && !keep; a++) for (let b = 0; b < bw && !keep; b++) keep = dense[(i * bh + a) * cols + j * bw + b] !== 0;
      if (!keep) continue;
      cols_.push(j);
      for (let a = 0; a < bh; a++) for (let b = 0; b < bw; b++) vals.push(dense[(i * bh + a) * cols + j * bw + b]!);
    }
    rowPtr[i + 1] = cols_.length;
  }
  return { rows, cols, block: [bh, bw], rowPtr, colIdx: Int32Array.from(cols_), values: Float32Array.from(vals) };
}

/** The dense row-major `[rows, cols]` values of a BSR matrix (zeros outside its blocks). */
export function bsrToDense(m: BsrMatrix): Float32Array {
  const [bh, bw] = m.block;
  const out = new Float32Array(m.rows * m.cols);
  for (let i = 0; i + 1 < m.rowPtr.length; i++) {
    for (let k = m.rowPtr[i]!; k < m.rowPtr[i + 1]!; k++) {
      const j = m.colIdx[k]!;
      for (let a = 0; a < bh; a++) for (let b = 0; b < bw; b++) out[(i * bh + a) * m.cols + j * bw + b] = m.values[(k * bh + a) * bw + b]!;
    }
  }
  return out;
}

/** Stored blocks of a BSR matrix. */
export function bsrBlockCount(m: BsrMatrix): number {
  return m.colIdx.length;
}

/**
 * `x @ W` on host numbers, looping over the stored blocks: the slow, obvious reference of
 * {@link bsrMatMul}.
 * @param x row-major `[batch, rows]`
 * @returns row-major `[batch, cols]`
 */
export function bsrMatMulReference(x: ArrayLike<number>, batch: number, m: BsrMatrix): Float32Array {
  const [bh, bw] = m.block;
  const y = new Float32Array(batch * m.cols);
  for (let n = 0; n < batch; n++) {
    for (let i = 0; i + 1 < m.rowPtr.length; i++) {
      for (let k = m.rowPtr[i]!; k < m.rowPtr[i + 1]!; k++) {
        const j = m.colIdx[k]!;
        for (let a = 0; a < bh; a++) {
          const xv = x[n * m.rows + i * bh + a]!;
          for (let b = 0; b < bw; b++) {
            const o = n * m.cols + j * bw + b;
            y[o] = y[o]! + xv * m.values[(k * bh + a) * bw + b]!;
          }
        }
      }
    }
  }
  return y;
}
