import * as tf from '@tensorflow/tfjs-core';
import { torchToCellWeights } from './import-torch-dense.js';
import type { LstmCell } from './lstm-cell.js';
import type { TorchCellWeights } from './weights.js';

/**
 * Loads a PyTorch `nn.LSTMCell`'s `state_dict()` into an {@link LstmCell}: `weight_ih [4*hidden,
 * inputSize]`, `weight_hh [4*hidden, hidden]`, `bias_ih`, `bias_hh [4*hidden]` (gates `i, f, g, o`),
 * transposed into the cell's `[in, 4*hidden]` layout. The given tensors are not disposed.
 *
 * @throws CheckpointError naming every missing or mis-shaped tensor.
 * @example
 * importTorchLstmCell(cell, { weight_ih, weight_hh, bias_ih, bias_hh });
 */
export function importTorchLstmCell(cell: LstmCell, torch: TorchCellWeights): void {
  const w = torchToCellWeights('importTorchLstmCell', torch, cell.inputSize, cell.stateSize, 4);
  try {
    cell.setWeights(w);
  } finally {
    tf.dispose(Object.values(w));
  }
}
