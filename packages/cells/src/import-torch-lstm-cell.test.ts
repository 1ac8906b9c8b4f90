import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CheckpointError, Parameters, Rng } from '@rimjs/core';
import { expectNoLeak, TEST_BACKENDS, useBackend } from '@rimjs/core/testing';
import { importTorchLstmCell } from './import-torch-lstm-cell.js';
import { LstmCell } from './lstm-cell.js';
import { maxDiff, randomTorchCell } from './test-support/reference.js';

// That the imported cell computes PyTorch's function: lstm-cell.test.ts.
describe.each(TEST_BACKENDS)('importTorchLstmCell on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it("transposes PyTorch's [4*hidden, in] into the cell's [in, 4*hidden], leaving the inputs alone", async () => {
    const cell = new LstmCell(new Parameters(new Rng(0)), { inputSize: 3, hiddenSize: 2 });
    const torch = randomTorchCell(new Rng(1), 4, 3, 2);
    importTorchLstmCell(cell, torch);
    expect(maxDiff(cell.weights.wIh, tf.transpose(torch.weight_ih).dataSync())).toBe(0);
    expect(maxDiff(cell.weights.wHh, tf.transpose(torch.weight_hh).dataSync())).toBe(0);
    expect(maxDiff(cell.weights.bHh, torch.bias_hh.dataSync())).toBe(0);
    expect(torch.weight_ih.isDisposed).toBe(false);
    await expectNoLeak(() => importTorchLstmCell(cell, torch));
  });

  it('names every missing or mis-shaped tensor', () => {
    const cell = new LstmCell(new Parameters(new Rng(0)), { inputSize: 3, hiddenSize: 2 });
    const torch = randomTorchCell(new Rng(1), 4, 3, 2);
    const bad = { ...torch, weight_hh: tf.zeros([8, 3]), bias_ih: undefined } as never;
    expect(() => importTorchLstmCell(cell, bad)).toThrow(CheckpointError);
    expect(() => importTorchLstmCell(cell, bad)).toThrow(
      "importTorchLstmCell: 'weight_hh' must be [4*hidden, hidden] = [8, 2], got [8, 3]; 'bias_ih' is missing",
    );
  });
});
