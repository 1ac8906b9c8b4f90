import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, Parameters, Rng, ShapeError } from '@rimjs/core';
import { expectNoLeak, TEST_BACKENDS, useBackend } from '@rimjs/core/testing';
import { GroupGruCell } from './group-gru-cell.js';
import { GruCell } from './gru-cell.js';
import { maxDiff, randomTensor, relDiff } from './test-support/reference.js';

const [B, K, IN, H] = [2, 3, 5, 4];

function unitWeights(w: GroupGruCell['weights'], u: number) {
  return {
    wIh: tf.squeeze(tf.slice(w.wIh, [u, 0, 0], [1, -1, -1]), [0]) as tf.Tensor2D,
    wHh: tf.squeeze(tf.slice(w.wHh, [u, 0, 0], [1, -1, -1]), [0]) as tf.Tensor2D,
    bIh: tf.squeeze(tf.slice(w.bIh, [u, 0], [1, -1]), [0]) as tf.Tensor1D,
    bHh: tf.squeeze(tf.slice(w.bHh, [u, 0], [1, -1]), [0]) as tf.Tensor1D,
  };
}
const unit = (t: tf.Tensor, u: number): tf.Tensor => tf.squeeze(tf.slice(t, [0, u, 0], [-1, 1, -1]), [1]);

describe.each(TEST_BACKENDS)('GroupGruCell on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  function setup(seed = 1, config: Partial<{ inputDropout: number; stateDropout: number }> = {}) {
    const params = new Parameters(new Rng(seed));
    const group = new GroupGruCell(params.scope('group'), { units: K, inputSize: IN, hiddenSize: H, ...config });
    const cells = Array.from({ length: K }, (_, u) => {
      const cell = new GruCell(params.scope(`unit${u}`), { inputSize: IN, hiddenSize: H });
      cell.setWeights(unitWeights(group.weights, u));
      return cell;
    });
    const rng = new Rng(seed + 100);
    return { group, cells, x: randomTensor(rng, [B, K, IN]), h: randomTensor(rng, [B, K, H]) };
  }

  it('equals K separate GruCells, one per unit', () => {
    const { group, cells, x, h } = setup();
    const { output, state } = group.step(x, { h });
    expect(output).toBe(state.h);
    expect(state.c).toBeUndefined();
    cells.forEach((cell, u) => {
      expect(maxDiff(unit(state.h, u), cell.step(unit(x, u), { h: unit(h, u) }).output.dataSync())).toBeLessThan(1e-6);
    });
  });

  it('has the gradients of K separate cells', () => {
    const { group, cells, x, h } = setup(2);
    const R = randomTensor(new Rng(3), [B, K, H]);
    const w = group.weights;
    const g = tf.grads((xx, h0) => tf.sum(tf.mul(group.step(xx!, { h: h0! }).output, R)) as tf.Scalar)(
      [x, h, w.wIh, w.wHh, w.bIh, w.bHh] as tf.Tensor[],
    );
    cells.forEach((cell, u) => {
      const cw = cell.weights;
      const gu = tf.grads((xx, h0) => tf.sum(tf.mul(cell.step(xx!, { h: h0! }).output, unit(R, u))) as tf.Scalar)(
        [unit(x, u), unit(h, u), cw.wIh, cw.wHh, cw.bIh, cw.bHh] as tf.Tensor[],
      );
      const ours = [unit(g[0]!, u), unit(g[1]!, u), ...Object.values(unitWeights({ wIh: g[2], wHh: g[3], bIh: g[4], bHh: g[5] } as GroupGruCell['weights'], u))];
      ours.forEach((t, i) => expect(relDiff(t, gu[i]!), `unit ${u} gradient ${i}`).toBeLessThan(1e-4));
    });
  });

  it('runs in a fixed number of kernels, whatever the number of units', async () => {
    const kernels = async (units: number) => {
      const cell = new GroupGruCell(new Parameters(new Rng(1)), { units, inputSize: IN, hiddenSize: H });
      const s = cell.initialState(B);
      const info = await tf.profile(() => tf.dispose(cell.step(tf.ones([B, units, IN]), s).state));
      return info.kernels.length;
    };
    expect(await kernels(7)).toBe(await kernels(1));
  });

  it('drops inputs and the recurrent state with sub-seeds of options.seed', () => {
    const { group, cells, x, h } = setup(4, { inputDropout: 0.25, stateDropout: 0.5 });
    const seed = 99;
    const xd = tf.dropout(x, 0.25, undefined, new Rng(seed).child('input').seed());
    const hd = tf.dropout(h, 0.5, undefined, new Rng(seed).child('state').seed());
    const got = group.step(x, { h }, { training: true, seed }).output;
    expect(maxDiff(got, group.step(x, { h }, { training: true, seed }).output.dataSync())).toBe(0);
    // The dense cells have no dropout: drive their functional form with x~ and h~ in the gates.
    cells.forEach((cell, u) => {
      const w = cell.weights;
      const gi = tf.add(tf.matMul(unit(xd, u) as tf.Tensor2D, w.wIh), w.bIh);
      const gh = tf.add(tf.matMul(unit(hd, u) as tf.Tensor2D, w.wHh), w.bHh);
      const [xr, xz, xn] = tf.split(gi, 3, 1);
      const [hr, hz, hn] = tf.split(gh, 3, 1);
      const r = tf.sigmoid(tf.add(xr!, hr!));
      const z = tf.sigmoid(tf.add(xz!, hz!));
      const n = tf.tanh(tf.add(xn!, tf.mul(r, hn!)));
      const want = tf.add(tf.mul(tf.sub(1, z), n), tf.mul(z, unit(h, u)));
      expect(maxDiff(unit(got, u), want.dataSync())).toBeLessThan(1e-6);
    });
  });

  it('checks its config and arguments', () => {
    const { group, x } = setup();
    expect(() => group.step(x, { h: tf.zeros([B, K, H + 1]) })).toThrow(ShapeError);
    expect(() => group.step(x, { h: tf.zeros([B, K, H + 1]) })).toThrow(
      "GroupGruCell.step: 'state.h' must be [batch, units, hidden] = [2, 3, 4], got [2, 3, 5]",
    );
    const bad = () => new GroupGruCell(new Parameters(new Rng(0)), { units: 2.5, inputSize: 0, hiddenSize: 4, inputDropout: -0.1 });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/GroupGruCellConfig.units: must be an integer in \[1, ∞\], got 2.5/);
    expect(bad).toThrow(/GroupGruCellConfig.inputSize: must be an integer in \[1, ∞\], got 0/);
    expect(bad).toThrow(/GroupGruCellConfig.inputDropout: must be a number in \[0, 1\), got -0.1/);
  });

  it('does not leak', async () => {
    const { group, x, h } = setup();
    await expectNoLeak(() => tf.dispose(group.step(x, { h }, { training: true, seed: 5 }).state));
  });
});
