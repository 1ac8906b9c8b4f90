import * as tf from '@tensorflow/tfjs-core';
import { groupToBlockDiagonal } from '@rimjs/cells';
import { officialNameMap } from './import-official-weights.js';
import type { RimCell } from './rim-cell.js';

/** Options of {@link exportOfficialWeights}. */
export interface ExportOfficialOptions {
  /** Put in front of every name, e.g. `rnn.bc_lst.0.` for the official `RNNModel`'s first layer. Default none. */
  prefix?: string;
  /**
   * Also write the modules the official `BlocksCore` holds but its forward never uses
   * (`inp_att.gate_fc`, `inp_att.ln`, `mha.ln`), at PyTorch's LayerNorm defaults (weight 1, bias 0)
   * and zeros, so that `load_state_dict(strict=True)` accepts the file. Default true.
   */
  unused?: boolean;
}

/**
 * A {@link RimCell}'s weights in the official PyTorch layout (`anirudh9119/RIMs`,
 * `event_based/blocks_core.py`, `BlocksCore.state_dict()`): the grouped LSTM/GRU becomes the dense
 * block-diagonal `block_lstm.<lstm|gru>.weight_ih [G*K*hk, K*v]`, `weight_hh [G*K*hk, K*hk]`,
 * `bias_ih`, `bias_hh`; the attention weights keep their group layout (`GLN_*.w [K, in, out]`);
 * `mha.fc` and `mha.gate_fc` are transposed to `nn.Linear`'s `[out, in]`. The inverse of
 * {@link importOfficialWeights}: importing the result gives back the same parameters.
 *
 * @returns new tensors by official name (the caller disposes them), e.g. for `fromTensors` and a
 *   `.safetensors` file that PyTorch reads with `safetensors.torch.load_file`.
 * @example
 * const tensors = exportOfficialWeights(cell, { prefix: 'rnn.bc_lst.0.' });
 * await writeSafetensorsFile('rim.safetensors', await fromTensors(tensors));
 * tf.dispose(tensors);
 */
export function exportOfficialWeights(cell: RimCell, { prefix = '', unused = true }: ExportOfficialOptions = {}): Record<string, tf.Tensor> {
  const { cell: kind, hidden, inputValueSize } = cell.config;
  const out: Record<string, tf.Tensor> = {};
  const dense = groupToBlockDiagonal(
    {
      wIh: cell.params.get('cell.weightIh') as tf.Tensor3D, // [K, v, G*hk]
      wHh: cell.params.get('cell.weightHh') as tf.Tensor3D, // [K, hk, G*hk]
      bIh: cell.params.get('cell.biasIh') as tf.Tensor2D, // [K, G*hk]
      bHh: cell.params.get('cell.biasHh') as tf.Tensor2D,
    },
    { gates: kind === 'lstm' ? 4 : 3 },
  );
  for (const [k, t] of Object.entries(dense)) out[`${prefix}block_lstm.${kind}.${k}`] = t;
  for (const [ours, theirs] of Object.entries(officialNameMap(cell))) {
    if (ours.startsWith('cell.')) continue;
    const v = cell.params.get(ours);
    out[prefix + theirs] = /\.(fc|gate)\.weight$/.test(ours) ? tf.transpose(v) : tf.clone(v);
  }
  if (unused) {
    const v = inputValueSize;
    out[`${prefix}inp_att.gate_fc.weight`] = tf.zeros([v, v]);
    out[`${prefix}inp_att.gate_fc.bias`] = tf.zeros([v]);
    out[`${prefix}inp_att.ln.weight`] = tf.ones([v]);
    out[`${prefix}inp_att.ln.bias`] = tf.zeros([v]);
    if (cell.communication) {
      out[`${prefix}mha.ln.weight`] = tf.ones([hidden]);
      out[`${prefix}mha.ln.bias`] = tf.zeros([hidden]);
    }
  }
  return out;
}
