import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, Parameters, Rng, ShapeError } from '@rimjs/core';
import { expectNoLeak, TEST_BACKENDS, useBackend } from '@rimjs/core/testing';
import type { Cell, RecurrentState } from './cell.js';
import { GroupGruCell } from './group-gru-cell.js';
import { importTorchLstmCell } from './import-torch-lstm-cell.js';
import { LstmCell } from './lstm-cell.js';
import { maxDiff, randomTensor, randomTorchCell, refLstm, relDiff, tfRefLstm, torchArrays } from './test-support/reference.js';
import { unroll } from './unroll.js';

const [T, B, IN, H] = [4, 2, 3, 5];

describe.each(TEST_BACKENDS)('unroll on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  function setup(seed = 1, dropout = 0) {
    const rng = new Rng(seed);
    const cell = new LstmCell(new Parameters(new Rng(seed)), { inputSize: IN, hiddenSize: H, inputDropout: dropout, stateDropout: dropout });
    const torch = randomTorchCell(rng, 4, IN, H);
    importTorchLstmCell(cell, torch);
    const xs = randomTensor(rng, [T, B, IN]);
    const s0 = { h: randomTensor(rng, [B, H]), c: randomTensor(rng, [B, H]) };
    return { cell, torch, xs, s0 };
  }

  it('runs the cell over time: every output and the final state equal the plain recurrence', () => {
    const { cell, torch, xs, s0 } = setup();
    const { outputs, state } = unroll(cell, xs, s0);
    expect(outputs.shape).toEqual([T, B, H]);
    const x = xs.dataSync();
    let h: ArrayLike<number> = s0.h.dataSync();
    let c: ArrayLike<number> = s0.c.dataSync();
    const all = outputs.dataSync();
    for (let t = 0; t < T; t++) {
      ({ h, c } = refLstm(x.subarray(t * B * IN, (t + 1) * B * IN), h, c, torchArrays(torch), B, IN, H));
      expect(maxDiff(tf.tensor(all.subarray(t * B * H, (t + 1) * B * H)), h)).toBeLessThan(1e-5);
    }
    expect(maxDiff(state.h, h)).toBeLessThan(1e-5);
    expect(maxDiff(state.c!, c)).toBeLessThan(1e-5);
    const last = unroll(cell, xs, s0, { returnSequences: false });
    expect(last.outputs.shape).toEqual([B, H]);
    expect(maxDiff(last.outputs, h)).toBeLessThan(1e-5);
    expect(s0.h.isDisposed || s0.c.isDisposed).toBe(false); // the caller's state is left alone
  });

  it('has the gradients of a plain unrolled reference (inputs, initial state, weights)', () => {
    const { cell, torch, xs, s0 } = setup(2);
    const rng = new Rng(3);
    const R = randomTensor(rng, [T, B, H]);
    const S = randomTensor(rng, [B, H]);
    const w = cell.weights;
    const ours = tf.grads((x, h0, c0) => {
      const r = unroll(cell, x!, { h: h0!, c: c0! });
      return tf.add(tf.sum(tf.mul(r.outputs, R)), tf.sum(tf.mul(r.state.c!, S))) as tf.Scalar;
    })([xs, s0.h, s0.c, w.wIh, w.wHh, w.bIh, w.bHh] as tf.Tensor[]);
    const theirs = tf.grads((x, h0, c0, a, b, d, e) => {
      let h = h0!;
      let c = c0!;
      let loss: tf.Tensor = tf.scalar(0);
      for (let t = 0; t < T; t++) {
        const xt = tf.reshape(tf.slice(x!, [t, 0, 0], [1, B, IN]), [B, IN]);
        ({ h, c } = tfRefLstm(xt, h, c, a!, b!, d!, e!));
        loss = tf.add(loss, tf.sum(tf.mul(h, tf.reshape(tf.slice(R, [t, 0, 0], [1, B, H]), [B, H]))));
      }
      return tf.add(loss, tf.sum(tf.mul(c, S))) as tf.Scalar;
    })([xs, s0.h, s0.c, torch.weight_ih, torch.weight_hh, torch.bias_ih, torch.bias_hh]);
    const inOurLayout = [theirs[0]!, theirs[1]!, theirs[2]!, tf.transpose(theirs[3]!), tf.transpose(theirs[4]!), theirs[5]!, theirs[6]!];
    ours.forEach((g, i) => expect(relDiff(g, inOurLayout[i]!), `gradient ${i}`).toBeLessThan(1e-4));
  });

  it('differentiates a loss on the first outputs only (later inputs get zero gradient)', () => {
    const { cell, xs, s0 } = setup(4);
    const [gx] = tf.grads((x) => tf.sum(tf.slice(unroll(cell, x!, s0).outputs, [0, 0, 0], [1, B, H])) as tf.Scalar)([xs]);
    const later = tf.slice(gx!, [1, 0, 0], [T - 1, B, IN]);
    expect(maxDiff(later, new Float32Array(later.size))).toBe(0);
    expect(maxDiff(tf.slice(gx!, [0, 0, 0], [1, B, IN]), new Float32Array(B * IN))).toBeGreaterThan(0);
  });

  it("derives step t's dropout seed as rng.child(t).seed()", () => {
    const { cell, xs, s0 } = setup(5, 0.3);
    const rng = new Rng(11);
    const { outputs } = unroll(cell, xs, s0, { training: true, rng });
    let s: RecurrentState = s0;
    for (let t = 0; t < T; t++) {
      s = cell.step(tf.reshape(tf.slice(xs, [t, 0, 0], [1, B, IN]), [B, IN]), s, { training: true, seed: rng.child(t).seed() }).state;
      expect(maxDiff(tf.reshape(tf.slice(outputs, [t, 0, 0], [1, B, H]), [B, H]), s.h.dataSync())).toBeLessThan(1e-6);
    }
    expect(maxDiff(outputs, unroll(cell, xs, s0).outputs.dataSync())).toBeGreaterThan(0); // eval: no dropout
    expect(() => unroll(cell, xs, s0, { training: true })).toThrow(ConfigError);
    expect(() => unroll(cell, xs, s0, { training: true })).toThrow(/with unroll, pass options.rng/);
  });

  it('unrolls a grouped cell over [time, batch, units, in]', () => {
    const cell = new GroupGruCell(new Parameters(new Rng(6)), { units: 3, inputSize: IN, hiddenSize: H });
    const xs = randomTensor(new Rng(7), [T, B, 3, IN]);
    const { outputs, state } = unroll(cell, xs, cell.initialState(B));
    expect(outputs.shape).toEqual([T, B, 3, H]);
    let s = cell.initialState(B);
    for (let t = 0; t < T; t++) s = cell.step(tf.reshape(tf.slice(xs, [t, 0, 0, 0], [1, B, 3, IN]), [B, 3, IN]), s).state;
    expect(maxDiff(state.h, s.h.dataSync())).toBe(0);
  });

  it('keeps only the result: intermediate states are disposed', () => {
    const { cell, xs, s0 } = setup();
    const before = tf.memory().numTensors;
    const seq = unroll(cell, xs, s0);
    expect(tf.memory().numTensors - before).toBe(3); // outputs, h, c
    tf.dispose([seq.outputs, seq.state.h, seq.state.c!]);
    const last = unroll(cell, xs, s0, { returnSequences: false });
    expect(last.outputs).toBe(last.state.h);
    expect(tf.memory().numTensors - before).toBe(2); // h (= outputs), c
    tf.dispose([last.outputs, last.state.c!]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('does not leak, outside and inside gradients and under optimizer.minimize', async () => {
    const { cell, xs, s0 } = setup(8, 0.2);
    const rng = new Rng(1);
    await expectNoLeak(() => {
      const r = unroll(cell, xs, s0, { training: true, rng });
      tf.dispose([r.outputs, r.state.h, r.state.c!]);
    });
    await expectNoLeak(() => tf.dispose(unroll(cell, xs, s0, { returnSequences: false }).state));
    await expectNoLeak(() =>
      tf.dispose(tf.grads((x) => tf.sum(unroll(cell, x!, s0, { training: true, rng }).outputs) as tf.Scalar)([xs])),
    );
    const opt = tf.train.sgd(0.01);
    const vars = Object.values(cell.weights) as tf.Variable[];
    await expectNoLeak(() => opt.minimize(() => tf.mean(tf.square(unroll(cell, xs, s0, { training: true, rng }).outputs)) as tf.Scalar, false, vars));
    opt.dispose();
  });

  it('keeps tensors that a cell passes through, even its input slice', () => {
    const echo: Cell<{ h: tf.Tensor }> = {
      inputSize: IN,
      stateSize: IN,
      initialState: (b) => ({ h: tf.zeros([b, IN]) }),
      step: (x) => ({ output: x, state: { h: x } }),
    };
    const xs = randomTensor(new Rng(12), [T, B, IN]);
    const s0 = echo.initialState(B);
    const before = tf.memory().numTensors;
    const seq = unroll(echo, xs, s0);
    expect(maxDiff(seq.outputs, xs.dataSync())).toBe(0);
    const last = unroll(echo, xs, s0, { returnSequences: false });
    expect(maxDiff(last.state.h, tf.slice(xs, [T - 1, 0, 0], [1, B, IN]).dataSync())).toBe(0);
    tf.dispose([seq.outputs, seq.state.h, last.outputs]);
    expect(tf.memory().numTensors).toBe(before + 1); // the slice above
  });

  it('rejects inputs without a time axis, and cleans up when a step throws', () => {
    const { cell, xs, s0 } = setup();
    expect(() => unroll(cell, tf.zeros([3]), s0)).toThrow(ShapeError);
    expect(() => unroll(cell, tf.zeros([0, B, IN]), s0)).toThrow("unroll: 'inputs' must be [time, batch, ...] with time >= 1, got [0, 2, 3]");
    let calls = 0;
    const flaky: Cell<RecurrentState> = {
      inputSize: IN,
      stateSize: H,
      initialState: (b) => cell.initialState(b),
      step: (x, s, o) => {
        if (++calls === 3) throw new Error('boom');
        return cell.step(x, s, o);
      },
    };
    const before = tf.memory().numTensors;
    expect(() => unroll(flaky, xs, s0)).toThrow('boom');
    expect(tf.memory().numTensors).toBe(before);
  });
});
