import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, Parameters, Rng, ShapeError } from '@rimjs/core';
import { checkGradients, expectNoLeak, TEST_BACKENDS, useBackend } from '@rimjs/core/testing';
import { GruCell } from './gru-cell.js';
import { importTorchGruCell } from './import-torch-gru-cell.js';
import { maxDiff, randomTensor, randomTorchCell, refGru, relDiff, tfRefGru, torchArrays } from './test-support/reference.js';

const [B, IN, H] = [3, 5, 4];

describe.each(TEST_BACKENDS)('GruCell on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  function setup(seed = 1) {
    const rng = new Rng(seed);
    const cell = new GruCell(new Parameters(new Rng(seed)).scope('gru'), { inputSize: IN, hiddenSize: H });
    const torch = randomTorchCell(rng, 3, IN, H);
    importTorchGruCell(cell, torch);
    return { cell, torch, x: randomTensor(rng, [B, IN]), h: randomTensor(rng, [B, H]) };
  }

  it('computes PyTorch nn.GRUCell (reset-after) formula by formula', () => {
    const { cell, torch, x, h } = setup();
    const ref = refGru(x.dataSync(), h.dataSync(), torchArrays(torch), B, IN, H);
    const { output, state } = cell.step(x, { h });
    expect(output).toBe(state.h);
    expect(state.c).toBeUndefined();
    expect(maxDiff(state.h, ref.h)).toBeLessThan(1e-5);
  });

  it('has the gradients of the plain reference, for input, state and every weight', () => {
    const { cell, torch, x, h } = setup(2);
    const R = randomTensor(new Rng(9), [B, H]);
    const w = cell.weights;
    const ours = tf.grads((xx, h0) => tf.sum(tf.mul(cell.step(xx!, { h: h0! }).output, R)) as tf.Scalar)([
      x, h, w.wIh, w.wHh, w.bIh, w.bHh,
    ] as tf.Tensor[]);
    const theirs = tf.grads((xx, h0, a, b, d, e) => tf.sum(tf.mul(tfRefGru(xx!, h0!, a!, b!, d!, e!).h, R)) as tf.Scalar)([
      x, h, torch.weight_ih, torch.weight_hh, torch.bias_ih, torch.bias_hh,
    ]);
    const inOurLayout = [theirs[0]!, theirs[1]!, tf.transpose(theirs[2]!), tf.transpose(theirs[3]!), theirs[4]!, theirs[5]!];
    ours.forEach((g, i) => expect(relDiff(g, inOurLayout[i]!), `gradient ${i}`).toBeLessThan(1e-4));
  });

  it('matches finite differences', () => {
    const { cell, x, h } = setup(3);
    const check = checkGradients((xx, h0) => tf.sum(tf.square(cell.step(xx!, { h: h0! }).output)) as tf.Scalar, [x, h]);
    expect(check.maxRelError).toBeLessThan(2e-2);
  });

  it('state dropout reaches W_hh only; the carry z * h keeps the undropped state', () => {
    const params = new Parameters(new Rng(5));
    const cell = new GruCell(params.scope('d'), { inputSize: IN, hiddenSize: H, inputDropout: 0.4, stateDropout: 0.5 });
    const { x, h } = setup(6);
    const seed = 77;
    const xd = tf.dropout(x, 0.4, undefined, new Rng(seed).child('input').seed());
    const hd = tf.dropout(h, 0.5, undefined, new Rng(seed).child('state').seed());
    // Reference: x~ and h~ in the gates, h in the carry.
    const w = cell.weights;
    const gi = tf.add(tf.matMul(xd, w.wIh), w.bIh);
    const gh = tf.add(tf.matMul(hd, w.wHh), w.bHh);
    const [xr, xz, xn] = tf.split(gi, 3, 1);
    const [hr, hz, hn] = tf.split(gh, 3, 1);
    const r = tf.sigmoid(tf.add(xr!, hr!));
    const z = tf.sigmoid(tf.add(xz!, hz!));
    const n = tf.tanh(tf.add(xn!, tf.mul(r, hn!)));
    const expected = tf.add(tf.mul(tf.sub(1, z), n), tf.mul(z, h));
    const got = cell.step(x, { h }, { training: true, seed }).output;
    expect(maxDiff(got, expected.dataSync())).toBeLessThan(1e-6);
    expect(maxDiff(cell.step(x, { h }).output, cell.step(x, { h }, { training: false, seed }).output.dataSync())).toBe(0);
    expect(() => cell.step(x, { h }, { training: true })).toThrow(ConfigError);
  });

  it('names the argument, the expected and the given shape', () => {
    const { cell, x } = setup();
    expect(() => cell.step(x, { h: tf.zeros([3, 5]) })).toThrow(ShapeError);
    expect(() => cell.step(x, { h: tf.zeros([3, 5]) })).toThrow("GruCell.step: 'state.h' must be [batch, hidden] = [3, 4], got [3, 5]");
  });

  it('does not leak', async () => {
    const { cell, x, h } = setup();
    await expectNoLeak(() => tf.dispose(cell.step(x, { h }).state));
  });
});
