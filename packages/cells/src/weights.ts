import type * as tf from '@tensorflow/tfjs-core';

/**
 * The weights of one dense LSTM or GRU cell in rimjs' layout (PyTorch's matrices transposed,
 * so that `x @ wIh` needs no transpose). `G` is the number of gates: 4 for an LSTM (`i, f, g, o`),
 * 3 for a GRU (`r, z, n`), stacked along the last axis in PyTorch's order.
 */
export interface CellWeights {
  wIh: tf.Tensor2D; // [inputSize, G * hidden]
  wHh: tf.Tensor2D; // [hidden, G * hidden]
  bIh: tf.Tensor1D; // [G * hidden]
  bHh: tf.Tensor1D; // [G * hidden]
}

/**
 * The weights of `units` independent LSTM or GRU cells, each with its own matrices (a leading
 * `units` axis). Unit `u`'s slice `wIh[u]` is exactly the `wIh` of a dense {@link CellWeights}.
 */
export interface GroupCellWeights {
  wIh: tf.Tensor3D; // [units, inputSize, G * hidden]
  wHh: tf.Tensor3D; // [units, hidden, G * hidden]
  bIh: tf.Tensor2D; // [units, G * hidden]
  bHh: tf.Tensor2D; // [units, G * hidden]
}

/**
 * A dense PyTorch `nn.LSTMCell` / `nn.GRUCell` `state_dict()`, PyTorch's layout and names.
 */
export interface TorchCellWeights {
  weight_ih: tf.Tensor; // [G * hidden, inputSize]
  weight_hh: tf.Tensor; // [G * hidden, hidden]
  bias_ih: tf.Tensor; // [G * hidden]
  bias_hh: tf.Tensor; // [G * hidden]
}
