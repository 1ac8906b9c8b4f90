import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, Parameters, Rng, ShapeError } from '@rimjs/core';
import { expectNoLeak, TEST_BACKENDS, useBackend } from '@rimjs/core/testing';
import { GroupLstmCell } from './group-lstm-cell.js';
import { LstmCell } from './lstm-cell.js';
import { maxDiff, randomTensor, relDiff } from './test-support/reference.js';

const [B, K, IN, H] = [2, 3, 5, 4];

/** Slice u of every grouped weight: the dense weights of unit u. */
function unitWeights(w: GroupLstmCell['weights'], u: number) {
  return {
    wIh: tf.squeeze(tf.slice(w.wIh, [u, 0, 0], [1, -1, -1]), [0]) as tf.Tensor2D,
    wHh: tf.squeeze(tf.slice(w.wHh, [u, 0, 0], [1, -1, -1]), [0]) as tf.Tensor2D,
    bIh: tf.squeeze(tf.slice(w.bIh, [u, 0], [1, -1]), [0]) as tf.Tensor1D,
    bHh: tf.squeeze(tf.slice(w.bHh, [u, 0], [1, -1]), [0]) as tf.Tensor1D,
  };
}
const unit = (t: tf.Tensor, u: number): tf.Tensor => tf.squeeze(tf.slice(t, [0, u, 0], [-1, 1, -1]), [1]);

describe.each(TEST_BACKENDS)('GroupLstmCell on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  function setup(seed = 1, config: Partial<{ inputDropout: number; stateDropout: number }> = {}) {
    const params = new Parameters(new Rng(seed));
    const group = new GroupLstmCell(params.scope('group'), { units: K, inputSize: IN, hiddenSize: H, ...config });
    const cells = Array.from({ length: K }, (_, u) => {
      const cell = new LstmCell(params.scope(`unit${u}`), { inputSize: IN, hiddenSize: H });
      cell.setWeights(unitWeights(group.weights, u));
      return cell;
    });
    const rng = new Rng(seed + 100);
    return { group, cells, x: randomTensor(rng, [B, K, IN]), h: randomTensor(rng, [B, K, H]), c: randomTensor(rng, [B, K, H]) };
  }

  it('equals K separate LstmCells, one per unit', () => {
    const { group, cells, x, h, c } = setup();
    const { output, state } = group.step(x, { h, c });
    expect(output.shape).toEqual([B, K, H]);
    cells.forEach((cell, u) => {
      const s = cell.step(unit(x, u), { h: unit(h, u), c: unit(c, u) }).state;
      expect(maxDiff(unit(state.h, u), s.h.dataSync())).toBeLessThan(1e-6);
      expect(maxDiff(unit(state.c!, u), s.c!.dataSync())).toBeLessThan(1e-6);
    });
  });

  it('has the gradients of K separate cells', () => {
    const { group, cells, x, h, c } = setup(2);
    const R = randomTensor(new Rng(3), [B, K, H]);
    const w = group.weights;
    const g = tf.grads((xx, h0, c0) => {
      const s = group.step(xx!, { h: h0!, c: c0! }).state;
      return tf.add(tf.sum(tf.mul(s.h, R)), tf.sum(tf.square(s.c!))) as tf.Scalar;
    })([x, h, c, w.wIh, w.wHh, w.bIh, w.bHh] as tf.Tensor[]);
    cells.forEach((cell, u) => {
      const cw = cell.weights;
      const gu = tf.grads((xx, h0, c0) => {
        const s = cell.step(xx!, { h: h0!, c: c0! }).state;
        return tf.add(tf.sum(tf.mul(s.h, unit(R, u))), tf.sum(tf.square(s.c!))) as tf.Scalar;
      })([unit(x, u), unit(h, u), unit(c, u), cw.wIh, cw.wHh, cw.bIh, cw.bHh] as tf.Tensor[]);
      const ours = [unit(g[0]!, u), unit(g[1]!, u), unit(g[2]!, u), ...Object.values(unitWeights({ wIh: g[3], wHh: g[4], bIh: g[5], bHh: g[6] } as GroupLstmCell['weights'], u))];
      ours.forEach((t, i) => expect(relDiff(t, gu[i]!), `unit ${u} gradient ${i}`).toBeLessThan(1e-4));
    });
  });

  it('runs in a fixed number of kernels, whatever the number of units', async () => {
    const kernels = async (units: number) => {
      const cell = new GroupLstmCell(new Parameters(new Rng(1)), { units, inputSize: IN, hiddenSize: H });
      const s = cell.initialState(B);
      const info = await tf.profile(() => tf.dispose(cell.step(tf.ones([B, units, IN]), s).state));
      return info.kernels.length;
    };
    expect(await kernels(6)).toBe(await kernels(2));
  });

  it('drops inputs and states with sub-seeds of options.seed, only when training', () => {
    const { group, x, h, c } = setup(4, { inputDropout: 0.25, stateDropout: 0.5 });
    const seed = 99;
    const xd = tf.dropout(x, 0.25, undefined, new Rng(seed).child('input').seed());
    const hd = tf.dropout(h, 0.5, undefined, new Rng(seed).child('state').seed());
    const plain = new GroupLstmCell(new Parameters(new Rng(0)), { units: K, inputSize: IN, hiddenSize: H });
    plain.setWeights(group.weights);
    const got = group.step(x, { h, c }, { training: true, seed }).state;
    const want = plain.step(xd, { h: hd, c }).state;
    expect(maxDiff(got.h, want.h.dataSync())).toBeLessThan(1e-6);
    expect(maxDiff(got.c!, want.c!.dataSync())).toBeLessThan(1e-6);
    expect(maxDiff(group.step(x, { h, c }).output, plain.step(x, { h, c }).output.dataSync())).toBe(0);
  });

  it('checks its config and arguments', () => {
    const { group, x, h, c } = setup();
    expect(() => group.step(tf.zeros([B, K + 1, IN]), { h, c })).toThrow(ShapeError);
    expect(() => group.step(tf.zeros([B, K + 1, IN]), { h, c })).toThrow(
      "GroupLstmCell.step: 'input' must be [batch, units, inputSize] = [?, 3, 5], got [2, 4, 5]",
    );
    expect(() => group.step(x, { h, c: tf.zeros([B, K, H + 1]) })).toThrow(
      "GroupLstmCell.step: 'state.c' must be [batch, units, hidden] = [2, 3, 4], got [2, 3, 5]",
    );
    const bad = () => new GroupLstmCell(new Parameters(new Rng(0)), { units: 0, inputSize: 4, hiddenSize: -1, stateDropout: 1 });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/GroupLstmCellConfig.units: must be an integer in \[1, ∞\], got 0/);
    expect(bad).toThrow(/GroupLstmCellConfig.hiddenSize: must be an integer in \[1, ∞\], got -1/);
    expect(bad).toThrow(/GroupLstmCellConfig.stateDropout: must be a number in \[0, 1\), got 1/);
  });

  it('does not leak', async () => {
    const { group, x, h, c } = setup();
    await expectNoLeak(() => tf.dispose(group.step(x, { h, c }, { training: true, seed: 5 }).state));
    await expectNoLeak(() => tf.tidy(() => tf.grads((xx) => tf.sum(group.step(xx!, { h, c }).output) as tf.Scalar)([x])).forEach((t) => t.dispose()));
  });
});
