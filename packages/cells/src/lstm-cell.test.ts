import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, Parameters, Rng, ShapeError } from '@rimjs/core';
import { checkGradients, expectNoLeak, TEST_BACKENDS, useBackend } from '@rimjs/core/testing';
import { importTorchLstmCell } from './import-torch-lstm-cell.js';
import { LstmCell } from './lstm-cell.js';
import { maxDiff, randomTensor, randomTorchCell, refLstm, relDiff, tfRefLstm, torchArrays } from './test-support/reference.js';

const [B, IN, H] = [3, 5, 4];

describe.each(TEST_BACKENDS)('LstmCell on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  function setup(seed = 1) {
    const rng = new Rng(seed);
    const cell = new LstmCell(new Parameters(new Rng(seed)).scope('lstm'), { inputSize: IN, hiddenSize: H });
    const torch = randomTorchCell(rng, 4, IN, H);
    importTorchLstmCell(cell, torch);
    const x = randomTensor(rng, [B, IN]);
    const h = randomTensor(rng, [B, H]);
    const c = randomTensor(rng, [B, H]);
    return { cell, torch, x, h, c };
  }

  it('computes PyTorch nn.LSTMCell formula by formula', () => {
    const { cell, torch, x, h, c } = setup();
    const ref = refLstm(x.dataSync(), h.dataSync(), c.dataSync(), torchArrays(torch), B, IN, H);
    const { output, state } = cell.step(x, { h, c });
    expect(output).toBe(state.h);
    expect(state.h.shape).toEqual([B, H]);
    expect(maxDiff(state.h, ref.h)).toBeLessThan(1e-5);
    expect(maxDiff(state.c!, ref.c)).toBeLessThan(1e-5);
  });

  it('has the gradients of the plain reference, for inputs, state and every weight', () => {
    const { cell, torch, x, h, c } = setup(2);
    const rng = new Rng(9);
    const R = randomTensor(rng, [B, H]);
    const S = randomTensor(rng, [B, H]);
    const loss = (hh: tf.Tensor, cc: tf.Tensor) => tf.add(tf.sum(tf.mul(hh, R)), tf.sum(tf.mul(cc, S))) as tf.Scalar;
    const w = cell.weights;
    const ours = tf.grads((xx, h0, c0, a, b, d, e) => {
      const s = cell.step(xx!, { h: h0!, c: c0! });
      void [a, b, d, e];
      return loss(s.state.h, s.state.c!);
    })([x, h, c, w.wIh, w.wHh, w.bIh, w.bHh]);
    const theirs = tf.grads((xx, h0, c0, a, b, d, e) => {
      const s = tfRefLstm(xx!, h0!, c0!, a!, b!, d!, e!);
      return loss(s.h, s.c);
    })([x, h, c, torch.weight_ih, torch.weight_hh, torch.bias_ih, torch.bias_hh]);
    const theirsInOurLayout = [theirs[0]!, theirs[1]!, theirs[2]!, tf.transpose(theirs[3]!), tf.transpose(theirs[4]!), theirs[5]!, theirs[6]!];
    ours.forEach((g, i) => expect(relDiff(g, theirsInOurLayout[i]!), `gradient ${i}`).toBeLessThan(1e-4));
  });

  it('matches finite differences', () => {
    const { cell, x, h, c } = setup(3);
    const check = checkGradients(
      (xx, h0, c0) => {
        const s = cell.step(xx!, { h: h0!, c: c0! });
        return tf.add(tf.sum(tf.square(s.state.h)), tf.sum(s.state.c!)) as tf.Scalar;
      },
      [x, h, c],
    );
    expect(check.maxRelError).toBeLessThan(2e-2);
  });

  it('starts from zeros and uses PyTorch init U(+-1/sqrt(hidden))', () => {
    const cell = new LstmCell(new Parameters(new Rng(4)), { inputSize: 30, hiddenSize: 16 });
    const s = cell.initialState(2);
    expect(s.h.shape).toEqual([2, 16]);
    expect(Array.from(s.c!.dataSync()).every((v) => v === 0)).toBe(true);
    for (const t of Object.values(cell.weights)) {
      const largest = Math.max(...Array.from(t.dataSync() as Float32Array, Math.abs));
      expect(largest).toBeLessThanOrEqual(0.25);
      expect(largest).toBeGreaterThan(0.2);
    }
    expect(cell.weights.wIh.shape).toEqual([30, 64]);
  });

  it('applies seeded input and state dropout only when training', () => {
    const params = new Parameters(new Rng(5));
    const cell = new LstmCell(params.scope('d'), { inputSize: IN, hiddenSize: H, inputDropout: 0.5, stateDropout: 0.3 });
    const plain = new LstmCell(params.scope('p'), { inputSize: IN, hiddenSize: H });
    plain.setWeights(cell.weights);
    const { x, h, c } = setup(6);
    const evalOut = cell.step(x, { h, c }).output;
    expect(maxDiff(evalOut, plain.step(x, { h, c }).output.dataSync())).toBe(0);
    const seed = 1234;
    const train = cell.step(x, { h, c }, { training: true, seed }).output;
    const xd = tf.dropout(x, 0.5, undefined, new Rng(seed).child('input').seed());
    const hd = tf.dropout(h, 0.3, undefined, new Rng(seed).child('state').seed());
    expect(maxDiff(train, plain.step(xd, { h: hd, c }).output.dataSync())).toBeLessThan(1e-6);
    expect(maxDiff(train, cell.step(x, { h, c }, { training: true, seed }).output.dataSync())).toBe(0);
    expect(maxDiff(train, cell.step(x, { h, c }, { training: true, seed: seed + 1 }).output.dataSync())).toBeGreaterThan(0);
    expect(() => cell.step(x, { h, c }, { training: true })).toThrow(ConfigError);
    expect(() => cell.step(x, { h, c }, { training: true })).toThrow(
      /LstmCell.step: 'options.seed' must be a non-zero integer when training with inputDropout = 0.5, stateDropout = 0.3/,
    );
    expect(() => cell.step(x, { h, c }, { seed: 0 })).toThrow(/'options.seed' must be a non-zero integer, got 0/);
  });

  it('names the argument, the expected and the given shape', () => {
    const { cell, x, h, c } = setup();
    expect(() => cell.step(tf.zeros([B, IN + 1]), { h, c })).toThrow(ShapeError);
    expect(() => cell.step(tf.zeros([B, IN + 1]), { h, c })).toThrow(
      "LstmCell.step: 'input' must be [batch, inputSize] = [?, 5], got [3, 6]",
    );
    expect(() => cell.step(x, { h: tf.zeros([B + 1, H]), c })).toThrow("'state.h' must be [batch, hidden] = [3, 4], got [4, 4]");
    expect(() => cell.step(x, { h })).toThrow("LstmCell.step: 'state.c' is missing");
    expect(() => cell.initialState(0)).toThrow(/'batch' must be a positive integer, got 0/);
    expect(() => cell.setWeights({ ...cell.weights, bHh: tf.zeros([3]) as tf.Tensor1D })).toThrow(
      "LstmCell.setWeights: 'weights.bHh' must be [16], got [3]",
    );
  });

  it('does not leak', async () => {
    const { cell, x, h, c } = setup();
    await expectNoLeak(() => tf.dispose(cell.step(x, { h, c }, { training: true, seed: 3 }).state));
    await expectNoLeak(() => tf.dispose(cell.initialState(2)));
  });
});
