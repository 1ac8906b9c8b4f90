import * as tf from '@tensorflow/tfjs-core';
import { blockDiagonalToGroup } from '@rimjs/cells';
import { CheckpointError } from '@rimjs/core';
import type { RimCell } from './rim-cell.js';

/** The official `BlocksCore` weights that its forward pass never reads; they are ignored on import. */
export const OFFICIAL_UNUSED = ['inp_att.gate_fc.weight', 'inp_att.gate_fc.bias', 'inp_att.ln.weight', 'inp_att.ln.bias', 'mha.ln.weight', 'mha.ln.bias'] as const;

/** Where each rimjs parameter of a {@link RimCell} comes from in the official state dict. */
export function officialNameMap(cell: RimCell): Record<string, string> {
  const kind = cell.config.cell;
  const map: Record<string, string> = {
    'inputAttention.query.weight': 'inp_att.GLN_qs.w',
    'inputAttention.key.weight': 'inp_att.GLN_ks.w',
    'inputAttention.value.weight': 'inp_att.GLN_vs.w',
    'cell.weightIh': `block_lstm.${kind}.weight_ih`,
    'cell.weightHh': `block_lstm.${kind}.weight_hh`,
    'cell.biasIh': `block_lstm.${kind}.bias_ih`,
    'cell.biasHh': `block_lstm.${kind}.bias_hh`,
  };
  if (cell.communication) {
    Object.assign(map, {
      'communication.query.weight': 'mha.GLN_qs.w',
      'communication.key.weight': 'mha.GLN_ks.w',
      'communication.value.weight': 'mha.GLN_vs.w',
      'communication.fc.weight': 'mha.fc.weight',
      'communication.fc.bias': 'mha.fc.bias',
      'communication.gate.weight': 'mha.gate_fc.weight',
      'communication.gate.bias': 'mha.gate_fc.bias',
    });
  }
  return map;
}

/** Finds the prefix in front of the official names (`param.`, `rnn.bc_lst.0.`, or none). */
export function detectOfficialPrefix(names: readonly string[]): string {
  const anchor = names.find((n) => n.endsWith('inp_att.GLN_qs.w'));
  if (anchor === undefined) {
    throw new CheckpointError(
      `importOfficialWeights: no tensor named '<prefix>inp_att.GLN_qs.w' (an official BlocksCore state dict has one); got ${names.slice(0, 8).join(', ')}${names.length > 8 ? ', ...' : ''}`,
    );
  }
  return anchor.slice(0, anchor.length - 'inp_att.GLN_qs.w'.length);
}

/**
 * Converts official `BlocksCore` tensors (PyTorch layout) into this cell's parameters by name,
 * without assigning them. The dense block-diagonal LSTM/GRU becomes grouped weights (an error
 * if its off-diagonal blocks are not zero); the shared `fc` / `gate_fc` weights are transposed
 * (`[out, in]` -> `[in, out]`). With `gradients: true` the off-diagonal blocks are dropped instead
 * of checked (a gradient of the dense cell has them; they are meaningless for per-unit weights).
 *
 * @returns new tensors by rimjs name (the caller disposes them)
 * @throws CheckpointError naming the missing or mis-shaped tensor.
 */
export function convertOfficialTensors(
  cell: RimCell,
  tensors: Record<string, tf.Tensor>,
  { prefix, gradients = false }: { prefix?: string; gradients?: boolean } = {},
): Record<string, tf.Tensor> {
  const names = Object.keys(tensors);
  const p = prefix ?? detectOfficialPrefix(names);
  const get = (name: string): tf.Tensor => {
    const t = tensors[p + name];
    if (!t) throw new CheckpointError(`importOfficialWeights: missing '${p}${name}'`);
    return t;
  };
  const map = officialNameMap(cell);
  const kind = cell.config.cell;
  const grouped = blockDiagonalToGroup(
    {
      weight_ih: get(`block_lstm.${kind}.weight_ih`),
      weight_hh: get(`block_lstm.${kind}.weight_hh`),
      bias_ih: get(`block_lstm.${kind}.bias_ih`),
      bias_hh: get(`block_lstm.${kind}.bias_hh`),
    },
    { units: cell.config.numUnits, gates: kind === 'lstm' ? 4 : 3, ...(gradients ? { tolerance: Number.MAX_VALUE } : {}) },
  );
  const out: Record<string, tf.Tensor> = {
    'cell.weightIh': grouped.wIh,
    'cell.weightHh': grouped.wHh,
    'cell.biasIh': grouped.bIh,
    'cell.biasHh': grouped.bHh,
  };
  for (const [ours, theirs] of Object.entries(map)) {
    if (ours.startsWith('cell.')) continue;
    const t = get(theirs);
    out[ours] = /\.(fc|gate)\.weight$/.test(ours) ? tf.transpose(t) : tf.clone(t);
  }
  for (const [ours, t] of Object.entries(out)) {
    const v = cell.params.get(ours);
    if (v.shape.length !== t.shape.length || v.shape.some((d, i) => d !== t.shape[i])) {
      tf.dispose(out);
      throw new CheckpointError(
        `importOfficialWeights: '${p}${map[ours]}' gives '${ours}' [${t.shape.join(', ')}], but the cell needs [${v.shape.join(', ')}]`,
      );
    }
  }
  return out;
}

/**
 * Loads an export of the official `BlocksCore` state dict (`anirudh9119/RIMs`,
 * `event_based/blocks_core.py`) into a {@link RimCell}: names as in the official code, with or
 * without a prefix (`param.`, `rnn.bc_lst.0.`, ... detected from `inp_att.GLN_qs.w`). The weights
 * the official forward never uses ({@link OFFICIAL_UNUSED}) are ignored.
 *
 * @param tensors official names -> tensors (e.g. `toTensors(readSafetensorsFile(path))`); not disposed
 * @throws CheckpointError naming the missing or mis-shaped tensor, or non-zero off-diagonal blocks.
 * @example
 * const file = await readSafetensorsFile('blocks_core.safetensors');
 * const tensors = toTensors(file);
 * importOfficialWeights(cell, tensors);
 * tf.dispose(tensors);
 */
export function importOfficialWeights(cell: RimCell, tensors: Record<string, tf.Tensor>, options: { prefix?: string } = {}): void {
  const converted = convertOfficialTensors(cell, tensors, options);
  try {
    for (const [name, t] of Object.entries(converted)) cell.params.set(name, t);
  } finally {
    tf.dispose(converted);
  }
}
