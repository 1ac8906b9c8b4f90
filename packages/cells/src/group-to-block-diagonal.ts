import * as tf from '@tensorflow/tfjs-core';
import { assertShape, ConfigCheck, ShapeError } from '@rimjs/core';
import { denseRow } from './block-layout.js';
import type { GroupCellWeights, TorchCellWeights } from './weights.js';

/**
 * The inverse of {@link blockDiagonalToGroup}: lays `K` grouped cells out as one dense PyTorch
 * cell with block-diagonal matrices (zeros off the blocks), the layout of the official RIMs code.
 * Useful for tests, for exporting to that code, and for its parameter count
 * (`G*nhid*(K*inPerUnit + nhid + 2)`, counting the zero blocks).
 *
 * @param group `wIh [K, inPerUnit, G*hk]`, `wHh [K, hk, G*hk]`, `bIh`, `bHh [K, G*hk]` (not disposed)
 * @param options `gates`: 4 for an LSTM, 3 for a GRU
 * @returns new tensors `weight_ih [G*nhid, K*inPerUnit]`, `weight_hh [G*nhid, nhid]`,
 *   `bias_ih`, `bias_hh [G*nhid]` with `nhid = K*hk` (the caller disposes them)
 * @throws ConfigError for bad `gates`; ShapeError when the shapes do not agree.
 * @example
 * const dense = groupToBlockDiagonal(groupCell.weights, { gates: 4 });
 */
export function groupToBlockDiagonal(group: GroupCellWeights, { gates: G }: { gates: 4 | 3 }): TorchCellWeights {
  const where = 'groupToBlockDiagonal';
  new ConfigCheck(where).oneOf('gates', G, [4, 3]).throwIfAny();
  const [K, inPer, gh] = assertShape(where, 'wIh', group.wIh, [['units', null], ['inPerUnit', null], [`${G}*hk`, null]]);
  const hk = gh! / G;
  if (!Number.isInteger(hk)) {
    throw new ShapeError(`${where}: 'wIh' last axis must be gates*hk = ${G}*hk, got [${group.wIh.shape.join(', ')}]`);
  }
  assertShape(where, 'wHh', group.wHh, [['units', K!], ['hk', hk], [`${G}*hk`, gh!]]);
  assertShape(where, 'bIh', group.bIh, [['units', K!], [`${G}*hk`, gh!]]);
  assertShape(where, 'bHh', group.bHh, [['units', K!], [`${G}*hk`, gh!]]);
  const nhid = K! * hk;
  const rows = G * nhid;
  const cols = K! * inPer!;
  const read = (t: tf.Tensor): Float32Array => tf.tidy(() => tf.cast(t, 'float32').dataSync() as Float32Array);
  const [wIh, wHh, bIh, bHh] = [group.wIh, group.wHh, group.bIh, group.bHh].map(read) as [Float32Array, Float32Array, Float32Array, Float32Array];
  const ih = new Float32Array(rows * cols);
  const hh = new Float32Array(rows * nhid);
  const bi = new Float32Array(rows);
  const bh = new Float32Array(rows);
  for (let row = 0; row < rows; row++) {
    const { e, b, r } = denseRow(row, nhid, hk);
    const g = e * hk + r; // column in the grouped last axis
    for (let j = 0; j < inPer!; j++) ih[row * cols + b * inPer! + j] = wIh[(b * inPer! + j) * gh! + g]!;
    for (let j = 0; j < hk; j++) hh[row * nhid + b * hk + j] = wHh[(b * hk + j) * gh! + g]!;
    bi[row] = bIh[b * gh! + g]!;
    bh[row] = bHh[b * gh! + g]!;
  }
  return {
    weight_ih: tf.tensor2d(ih, [rows, cols]), // [G*nhid, K*inPerUnit]
    weight_hh: tf.tensor2d(hh, [rows, nhid]), // [G*nhid, nhid]
    bias_ih: tf.tensor1d(bi), // [G*nhid]
    bias_hh: tf.tensor1d(bh), // [G*nhid]
  };
}
