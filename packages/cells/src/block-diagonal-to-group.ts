import * as tf from '@tensorflow/tfjs-core';
import { CheckpointError, ConfigCheck } from '@rimjs/core';
import { denseRow, GATE_NAMES } from './block-layout.js';
import type { GroupCellWeights, TorchCellWeights } from './weights.js';

/** Options of {@link blockDiagonalToGroup}. */
export interface BlockDiagonalOptions {
  /** Number of cells `K` held in the dense one. */
  units: number;
  /** Gates per cell: 4 for an LSTM (`i, f, g, o`), 3 for a GRU (`r, z, n`). */
  gates: 4 | 3;
  /** Largest off-diagonal magnitude accepted as zero. Default 0 (exactly zero). */
  tolerance?: number;
}

interface Worst {
  abs: number;
  value: number;
  row: number;
  col: number;
  colUnit: number;
}

/**
 * Converts a dense PyTorch `nn.LSTMCell` / `nn.GRUCell` whose matrices are block-diagonal (the
 * official RIMs code's way of holding `K` cells in one, `block_lstm.lstm.*`) into the grouped
 * form of {@link GroupLstmCell} / {@link GroupGruCell}. With `nhid` the total state size,
 * `hk = nhid / K` and `G` the gates: within gate `e`, the rows of unit `b` are
 * `e*nhid + b*hk ... e*nhid + (b+1)*hk`; unit `b` reads columns `b*inPerUnit ... (b+1)*inPerUnit`
 * of `weight_ih` and `b*hk ... (b+1)*hk` of `weight_hh`.
 *
 * @param dense `weight_ih [G*nhid, K*inPerUnit]`, `weight_hh [G*nhid, nhid]`, `bias_ih`, `bias_hh [G*nhid]` (not disposed)
 * @returns new tensors `wIh [K, inPerUnit, G*hk]`, `wHh [K, hk, G*hk]`, `bIh`, `bHh [K, G*hk]` (the caller disposes them)
 * @throws ConfigError for bad options; CheckpointError when a shape does not fit, or when an
 *   off-diagonal entry exceeds `tolerance` (naming the tensor, the block and the largest value).
 * @example
 * const w = blockDiagonalToGroup(official, { units: 6, gates: 4 });
 * groupCell.setWeights(w);
 * tf.dispose(Object.values(w));
 */
export function blockDiagonalToGroup(dense: TorchCellWeights, options: BlockDiagonalOptions): GroupCellWeights {
  const where = 'blockDiagonalToGroup';
  const { units: K, gates: G, tolerance = 0 } = options;
  new ConfigCheck(where)
    .positiveInt('units', K)
    .oneOf('gates', G, [4, 3])
    .number('tolerance', tolerance, 0)
    .throwIfAny();
  for (const name of ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh'] as const) {
    if (!(dense[name] instanceof tf.Tensor)) throw new CheckpointError(`${where}: '${name}' is missing`);
  }
  const { weight_ih: ih, weight_hh: hh, bias_ih: bi, bias_hh: bh } = dense;
  const fail = (arg: string, expected: string, t: tf.Tensor): never => {
    throw new CheckpointError(`${where}: '${arg}' must be ${expected}, got [${t.shape.join(', ')}]`);
  };
  if (hh.rank !== 2 || hh.shape[0] !== G * hh.shape[1]! || hh.shape[1]! % K !== 0) {
    fail('weight_hh', `[${G}*nhid, nhid] with nhid divisible by units = ${K}`, hh);
  }
  const nhid = hh.shape[1]!;
  const hk = nhid / K;
  const rows = G * nhid;
  if (ih.rank !== 2 || ih.shape[0] !== rows || ih.shape[1]! % K !== 0) {
    fail('weight_ih', `[${G}*nhid, units*inPerUnit] = [${rows}, ${K}*?]`, ih);
  }
  const cols = ih.shape[1]!;
  const inPer = cols / K;
  for (const [name, t] of [['bias_ih', bi], ['bias_hh', bh]] as const) {
    if (t.rank !== 1 || t.shape[0] !== rows) fail(name, `[${G}*nhid] = [${rows}]`, t);
  }

  const gh = G * hk;
  const read = (t: tf.Tensor): Float32Array => tf.tidy(() => tf.cast(t, 'float32').dataSync() as Float32Array);
  const split = (src: Float32Array, width: number, colsPer: number, out: Float32Array): Worst | null => {
    let worst: Worst | null = null;
    for (let row = 0; row < rows; row++) {
      const { e, b, r } = denseRow(row, nhid, hk);
      const outCol = e * hk + r;
      for (let col = 0; col < width; col++) {
        const v = src[row * width + col]!;
        const colUnit = Math.floor(col / colsPer);
        if (colUnit === b) out[(b * colsPer + (col - b * colsPer)) * gh + outCol] = v;
        else if (!(Math.abs(v) <= tolerance) && (worst === null || !(Math.abs(v) <= worst.abs))) {
          worst = { abs: Number.isNaN(v) ? Infinity : Math.abs(v), value: v, row, col, colUnit };
        }
      }
    }
    return worst;
  };
  const wIh = new Float32Array(K * inPer * gh);
  const wHh = new Float32Array(K * hk * gh);
  const problems: string[] = [];
  for (const [name, src, width, per, out] of [
    ['weight_ih', read(ih), cols, inPer, wIh],
    ['weight_hh', read(hh), nhid, hk, wHh],
  ] as const) {
    const worst = split(src, width, per, out);
    if (worst) {
      const { e, b } = denseRow(worst.row, nhid, hk);
      problems.push(
        `'${name}' is not block-diagonal (units = ${K}, tolerance ${tolerance}): its largest off-diagonal entry ` +
          `is ${worst.value} at [${worst.row}, ${worst.col}], in the block of unit ${b}'s gate '${GATE_NAMES[G]![e]}' rows ` +
          `and unit ${worst.colUnit}'s columns`,
      );
    }
  }
  if (problems.length > 0) throw new CheckpointError(`${where}: ${problems.join('; ')}`);

  const bias = (src: Float32Array): Float32Array => {
    const out = new Float32Array(K * gh);
    for (let row = 0; row < rows; row++) {
      const { e, b, r } = denseRow(row, nhid, hk);
      out[b * gh + e * hk + r] = src[row]!;
    }
    return out;
  };
  return {
    wIh: tf.tensor3d(wIh, [K, inPer, gh]), // [K, inPerUnit, G*hk]
    wHh: tf.tensor3d(wHh, [K, hk, gh]), // [K, hk, G*hk]
    bIh: tf.tensor2d(bias(read(bi)), [K, gh]), // [K, G*hk]
    bHh: tf.tensor2d(bias(read(bh)), [K, gh]), // [K, G*hk]
  };
}
