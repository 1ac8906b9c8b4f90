import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CheckpointError, Parameters, Rng } from '@rimjs/core';
import { TEST_BACKENDS, useBackend } from '@rimjs/core/testing';
import { GruCell } from './gru-cell.js';
import { importTorchGruCell } from './import-torch-gru-cell.js';
import { maxDiff, randomTorchCell } from './test-support/reference.js';

// That the imported cell computes PyTorch's function: gru-cell.test.ts.
describe.each(TEST_BACKENDS)('importTorchGruCell on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it("transposes PyTorch's [3*hidden, in] into the cell's [in, 3*hidden]", () => {
    const cell = new GruCell(new Parameters(new Rng(0)), { inputSize: 3, hiddenSize: 2 });
    const torch = randomTorchCell(new Rng(1), 3, 3, 2);
    importTorchGruCell(cell, torch);
    expect(maxDiff(cell.weights.wIh, tf.transpose(torch.weight_ih).dataSync())).toBe(0);
    expect(maxDiff(cell.weights.bIh, torch.bias_ih.dataSync())).toBe(0);
  });

  it('rejects LSTM-shaped weights, naming them', () => {
    const cell = new GruCell(new Parameters(new Rng(0)), { inputSize: 3, hiddenSize: 2 });
    const lstm = randomTorchCell(new Rng(1), 4, 3, 2);
    expect(() => importTorchGruCell(cell, lstm)).toThrow(CheckpointError);
    expect(() => importTorchGruCell(cell, lstm)).toThrow(
      "importTorchGruCell: 'weight_ih' must be [3*hidden, inputSize] = [6, 3], got [8, 3]; 'weight_hh' must be [3*hidden, hidden] = [6, 2], got [8, 2]",
    );
  });
});
