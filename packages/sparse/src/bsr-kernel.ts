import type { JsKernel } from '@rimjs/core';

/**
 * The block-sparse `x @ W` as a JavaScript kernel on the backend's own memory (cpu and wasm, via
 * core's `runJsKernel`): one pass over the stored blocks; per block and batch row, `bw` dot
 * products of length `bh` accumulated in a register (the blocks are stored transposed, so both
 * operands are contiguous). Inputs (float32, indices exact below 2^24): `x [batch, rows]`,
 * `rowPtr [rows / bh + 1]`, `colIdx [nnzb]`, `valuesT [nnzb, bw, bh]` (each block transposed);
 * attributes `batch, rows, cols, bh, bw`; output `[batch, cols]`.
 */
export const BSR_MAT_MUL_KERNEL: JsKernel = {
  name: 'RimjsBsrMatMul',
  shapes: (_inputs, a) => [[a.batch!, a.cols!]],
  compute([x, rowPtr, colIdx, valuesT], [y], a) {
    const { batch, rows, cols, bh, bw } = a as Record<'batch' | 'rows' | 'cols' | 'bh' | 'bw', number>;
    const xs = x!;
    const w = valuesT!;
    const out = y!;
    const gr = rowPtr!.length - 1;
    for (let i = 0; i < gr; i++) {
      const end = rowPtr![i + 1]!;
      for (let k = rowPtr![i]!; k < end; k++) {
        const col = colIdx![k]! * bw;
        const wk = k * bh * bw;
        for (let n = 0; n < batch; n++) {
          const xo = n * rows + i * bh;
          const yo = n * cols + col;
          for (let c = 0; c < bw; c++) {
            const wo = wk + c * bh;
            let acc = 0;
            for (let r = 0; r < bh; r++) acc += xs[xo + r]! * w[wo + r]!;
            out[yo + c] = out[yo + c]! + acc;
          }
        }
      }
    }
  },
};
