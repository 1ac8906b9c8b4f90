import * as tf from '@tensorflow/tfjs-core';
import { torchToCellWeights } from './import-torch-dense.js';
import type { GruCell } from './gru-cell.js';
import type { TorchCellWeights } from './weights.js';

/**
 * Loads a PyTorch `nn.GRUCell`'s `state_dict()` into a {@link GruCell}: `weight_ih [3*hidden,
 * inputSize]`, `weight_hh [3*hidden, hidden]`, `bias_ih`, `bias_hh [3*hidden]` (gates `r, z, n`),
 * transposed into the cell's `[in, 3*hidden]` layout. The given tensors are not disposed.
 *
 * @throws CheckpointError naming every missing or mis-shaped tensor.
 * @example
 * importTorchGruCell(cell, { weight_ih, weight_hh, bias_ih, bias_hh });
 */
export function importTorchGruCell(cell: GruCell, torch: TorchCellWeights): void {
  const w = torchToCellWeights('importTorchGruCell', torch, cell.inputSize, cell.stateSize, 3);
  try {
    cell.setWeights(w);
  } finally {
    tf.dispose(Object.values(w));
  }
}
