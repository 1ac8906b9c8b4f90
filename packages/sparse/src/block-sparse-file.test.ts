import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CheckpointError, ConfigError, Parameters, Rng, ShapeError, parseSafetensors, serializeSafetensors, type RawTensor } from '@rimjs/core';
import { maxAbsDiff, useBackend } from '@rimjs/core/testing';
import { LstmCell } from '@rimjs/cells';
import { BlockPruner } from './block-pruner.js';
import { BLOCK_SPARSE_FORMAT, decodeBlockSparse, encodeBlockSparse } from './block-sparse-file.js';

describe('block-sparse safetensors files', () => {
  beforeAll(() => useBackend('cpu'));

  it('a pruned LSTM round-trips to the same model, in a smaller file', async () => {
    const params = new Parameters(new Rng(2));
    const cell = new LstmCell(params.scope('lstm'), { inputSize: 16, hiddenSize: 32 });
    const pruner = new BlockPruner(
      params.scope('sparse'),
      [
        { name: 'lstm.weightIh', weight: cell.weights.wIh as tf.Variable, block: [8, 8] },
        { name: 'lstm.weightHh', weight: cell.weights.wHh as tf.Variable, block: [8, 8] },
      ],
      { schedule: { startItr: 0, rampItr: 5, endItr: 10, freq: 1 }, q: { kind: 'blockSparsity', sparsity: 0.8 } },
    );
    for (let t = 0; t < 10; t++) pruner.update(t);
    const model = Object.fromEntries(params.entries().filter(([n]) => n.startsWith('lstm.')));
    const sparse = { 'lstm.weightIh': [8, 8], 'lstm.weightHh': [8, 8] } as const;
    const bytes = await encodeBlockSparse(model, sparse, { note: 'test' });
    const denseBytes = serializeSafetensors(new Map(Object.entries(model).map(([n, t]) => [n, { dtype: 'F32' as const, shape: t.shape, data: t.dataSync() }])));
    expect(bytes.length).toBeLessThan(denseBytes.length * 0.5);

    const back = decodeBlockSparse(bytes, { source: 'mem' });
    expect(back.metadata).toEqual({ note: 'test' });
    expect(Object.keys(back.tensors).sort()).toEqual(Object.keys(model).sort());
    const fresh = new Parameters(new Rng(99));
    new LstmCell(fresh.scope('lstm'), { inputSize: 16, hiddenSize: 32 });
    fresh.load(back.tensors);
    for (const [n, v] of fresh.entries()) expect(maxAbsDiff(v, model[n]!)).toBe(0);
    expect(back.bsr['lstm.weightHh']!.colIdx.length).toBe(pruner.report()[1]!.blocks - pruner.report()[1]!.prunedBlocks);
    tf.dispose(Object.values(back.tensors));
    params.dispose();
    fresh.dispose();
    pruner.dispose();
  });

  it('refuses bad block shapes and hostile structure', async () => {
    const w = tf.randomNormal([8, 8], 0, 1, 'float32', 1);
    await expect(encodeBlockSparse({ w }, { w: [3, 3] })).rejects.toThrow(ShapeError);
    await expect(encodeBlockSparse({ w }, { w: [0, 8] })).rejects.toThrow(ConfigError);
    await expect(encodeBlockSparse({ w }, { v: [4, 4] })).rejects.toThrow("encodeBlockSparse: 'sparse' names 'v', which is not in 'tensors'");
    const good = parseSafetensors(await encodeBlockSparse({ w }, { w: [4, 4] }));
    const tamper = (name: string, t: Partial<RawTensor>, meta: Record<string, string> = {}) => {
      const tensors = new Map(good.tensors);
      tensors.set(name, { ...tensors.get(name)!, ...t } as RawTensor);
      return serializeSafetensors(tensors, { ...good.metadata, ...meta });
    };
    expect(() => decodeBlockSparse(tamper('w.block_col_idx', { data: Int32Array.from([0, 1, 0, 7]) }))).toThrow(/'w.block_col_idx' must (lie in \[0, 2\)|increase)/);
    expect(() => decodeBlockSparse(tamper('w.block_row_ptr', { data: Int32Array.from([0, 3, 4]) }))).toThrow(CheckpointError);
    expect(() => decodeBlockSparse(tamper('w.blocks', {}, { 'rimjs.format': 'other' }))).toThrow(`metadata 'rimjs.format' must be '${BLOCK_SPARSE_FORMAT}'`);
    expect(() => decodeBlockSparse(tamper('w.blocks', {}, { 'rimjs.bsr': '{"w":{"shape":[8,8],"block":[64,64]}}' }))).toThrow(/'rimjs.bsr' entry 'w'/);
    w.dispose();
  });
});
