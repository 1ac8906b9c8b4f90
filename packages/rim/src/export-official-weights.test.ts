import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { Parameters, readSafetensorsFile, Rng, toTensors } from '@rimjs/core';
import { expectNoLeak, maxAbsDiff, useBackend } from '@rimjs/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportOfficialWeights } from './export-official-weights.js';
import { importOfficialWeights, OFFICIAL_UNUSED } from './import-official-weights.js';
import { fixtureCellOptions } from './parity/run-parity.js';
import { RimCell } from './rim-cell.js';

/** The official BlocksCore state dict recorded in a parity fixture (`param.*`), and its cell options. */
async function official(name: string): Promise<{ options: ReturnType<typeof fixtureCellOptions>; tensors: Record<string, tf.Tensor> }> {
  const file = await readSafetensorsFile(fileURLToPath(new URL(`../test-data/${name}.safetensors`, import.meta.url)));
  const tensors: Record<string, tf.Tensor> = {};
  for (const [k, v] of Object.entries(toTensors(file))) {
    if (k.startsWith('param.')) tensors[k.slice('param.'.length)] = v;
    else v.dispose();
  }
  return { options: fixtureCellOptions(file), tensors };
}

describe('exportOfficialWeights', () => {
  beforeAll(() => useBackend('cpu'));

  it.each(['lstm-small', 'gru-small'])('gives back the official state dict it was imported from, name for name and bit for bit (%s)', async (fixture) => {
    const { options, tensors } = await official(fixture);
    const params = new Parameters(new Rng(1));
    const cell = new RimCell(params, options);
    importOfficialWeights(cell, tensors);
    const out = exportOfficialWeights(cell);
    expect(Object.keys(out).sort()).toEqual(Object.keys(tensors).sort());
    for (const [name, t] of Object.entries(tensors)) {
      expect(out[name]!.shape, name).toEqual(t.shape);
      if (!(OFFICIAL_UNUSED as readonly string[]).includes(name)) expect(maxAbsDiff(out[name]!, t), name).toBe(0);
    }
    tf.dispose([out, tensors]);
    params.dispose();
  });

  it('round-trips a cell through the official layout with a prefix, and leaks nothing', async () => {
    const a = new Parameters(new Rng(3));
    const cellA = new RimCell(a, { inputSize: 10, numUnits: 5, topK: 3, hidden: 6 });
    const b = new Parameters(new Rng(4));
    const cellB = new RimCell(b, { inputSize: 10, numUnits: 5, topK: 3, hidden: 6 });
    await expectNoLeak(() => {
      const out = exportOfficialWeights(cellA, { prefix: 'rnn.bc_lst.0.', unused: false });
      expect(Object.keys(out).every((k) => k.startsWith('rnn.bc_lst.0.'))).toBe(true);
      expect(Object.keys(out).some((k) => k.includes('.ln.'))).toBe(false);
      expect(out['rnn.bc_lst.0.block_lstm.lstm.weight_hh']!.shape).toEqual([4 * 30, 30]);
      importOfficialWeights(cellB, out);
      tf.dispose(out);
    });
    for (const name of a.names()) expect(maxAbsDiff(a.get(name), b.get(name)), name).toBe(0);
    a.dispose();
    b.dispose();
  });
});
