import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { CheckpointError, Parameters, readSafetensorsFile, Rng, toTensors } from '@rimjs/core';
import { maxAbsDiff, useBackend } from '@rimjs/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { detectOfficialPrefix, importOfficialWeights } from './import-official-weights.js';
import { fixtureCellOptions } from './parity/run-parity.js';
import { RimCell } from './rim-cell.js';

const FIXTURE = fileURLToPath(new URL('../test-data/lstm-small.safetensors', import.meta.url));

async function officialTensors(prefix: string): Promise<{ cellOptions: ReturnType<typeof fixtureCellOptions>; tensors: Record<string, tf.Tensor> }> {
  const file = await readSafetensorsFile(FIXTURE);
  const all = toTensors(file);
  const tensors: Record<string, tf.Tensor> = {};
  for (const [k, v] of Object.entries(all)) {
    if (k.startsWith('param.')) tensors[prefix + k.slice('param.'.length)] = v;
    else v.dispose();
  }
  return { cellOptions: fixtureCellOptions(file), tensors };
}

describe('importOfficialWeights', () => {
  beforeAll(() => useBackend('cpu'));

  it('detects any prefix, converts block-diagonal and transposed weights, ignores unused modules', async () => {
    const { cellOptions, tensors } = await officialTensors('rnn.bc_lst.0.');
    expect(detectOfficialPrefix(Object.keys(tensors))).toBe('rnn.bc_lst.0.');
    const params = new Parameters(new Rng(1));
    const cell = new RimCell(params, cellOptions);
    importOfficialWeights(cell, tensors);
    expect(maxAbsDiff(params.get('communication.fc.weight'), tf.transpose(tensors['rnn.bc_lst.0.mha.fc.weight']!))).toBe(0);
    expect(maxAbsDiff(params.get('inputAttention.key.weight'), tensors['rnn.bc_lst.0.inp_att.GLN_ks.w']!)).toBe(0);
    // Unit 1's input-to-hidden 'f' gate block: rows nhid + hk .. nhid + 2hk, columns 4hk .. 8hk of weight_ih.
    const hk = 4;
    const dense = tensors['rnn.bc_lst.0.block_lstm.lstm.weight_ih']!;
    const block = tf.transpose(tf.slice(dense, [12 + hk, 4 * hk], [hk, 4 * hk])); // [in, hk]
    const ours = tf.slice(params.get('cell.weightIh'), [1, 0, hk], [1, -1, hk]).reshape([4 * hk, hk]);
    expect(maxAbsDiff(block, ours)).toBe(0);
    tf.dispose(tensors);
    params.dispose();
  });

  it('refuses missing tensors and non-zero off-diagonal blocks, naming them', async () => {
    const { cellOptions, tensors } = await officialTensors('param.');
    const params = new Parameters(new Rng(1));
    const cell = new RimCell(params, cellOptions);
    const missing = { ...tensors };
    delete missing['param.mha.gate_fc.bias'];
    expect(() => importOfficialWeights(cell, missing)).toThrow(CheckpointError);
    expect(() => importOfficialWeights(cell, missing)).toThrow("importOfficialWeights: missing 'param.mha.gate_fc.bias'");
    const w = tensors['param.block_lstm.lstm.weight_hh']!;
    const dirty = { ...tensors, 'param.block_lstm.lstm.weight_hh': tf.add(w, tf.oneHot([0], 12).mul(0.5).reshape([1, 12]).pad([[0, 47], [0, 0]]).reverse(1)) };
    expect(() => importOfficialWeights(cell, dirty)).toThrow(/off-diagonal/);
    expect(() => importOfficialWeights(cell, { x: tf.zeros([1]) })).toThrow("no tensor named '<prefix>inp_att.GLN_qs.w'");
    tf.dispose(tensors);
    params.dispose();
  });
});
