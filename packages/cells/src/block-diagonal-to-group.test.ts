import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CheckpointError, ConfigError, Parameters, Rng } from '@rimjs/core';
import { TEST_BACKENDS, useBackend } from '@rimjs/core/testing';
import { blockDiagonalToGroup } from './block-diagonal-to-group.js';
import { GroupGruCell } from './group-gru-cell.js';
import { GroupLstmCell } from './group-lstm-cell.js';
import { groupToBlockDiagonal } from './group-to-block-diagonal.js';
import { GruCell } from './gru-cell.js';
import { importTorchGruCell } from './import-torch-gru-cell.js';
import { importTorchLstmCell } from './import-torch-lstm-cell.js';
import { LstmCell } from './lstm-cell.js';
import { maxDiff, randomTensor, randomTorchCell, relDiff } from './test-support/reference.js';

const [B, K, HK, IN_PER] = [2, 3, 2, 4];
const NHID = K * HK;

/**
 * K PyTorch cells laid out as one dense cell, exactly as the fixtures README says: within gate e,
 * the rows of unit b are e*nhid + b*hk ... ; unit b reads columns b*inPerUnit ... of weight_ih
 * and b*hk ... of weight_hh; everything else is zero.
 */
function blockDiagonal(units: ReturnType<typeof randomTorchCell>[], G: number) {
  const ih = new Float32Array(G * NHID * K * IN_PER);
  const hh = new Float32Array(G * NHID * NHID);
  const bi = new Float32Array(G * NHID);
  const bh = new Float32Array(G * NHID);
  units.forEach((u, b) => {
    const [wih, whh, bih, bhh] = [u.weight_ih, u.weight_hh, u.bias_ih, u.bias_hh].map((t) => t.dataSync());
    for (let e = 0; e < G; e++) {
      for (let r = 0; r < HK; r++) {
        const row = e * NHID + b * HK + r;
        const src = e * HK + r; // the unit's own PyTorch row
        for (let j = 0; j < IN_PER; j++) ih[row * K * IN_PER + b * IN_PER + j] = wih![src * IN_PER + j]!;
        for (let j = 0; j < HK; j++) hh[row * NHID + b * HK + j] = whh![src * HK + j]!;
        bi[row] = bih![src]!;
        bh[row] = bhh![src]!;
      }
    }
  });
  return {
    weight_ih: tf.tensor2d(ih, [G * NHID, K * IN_PER]),
    weight_hh: tf.tensor2d(hh, [G * NHID, NHID]),
    bias_ih: tf.tensor1d(bi),
    bias_hh: tf.tensor1d(bh),
  };
}

describe.each(TEST_BACKENDS)('blockDiagonalToGroup on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  describe.each([
    { G: 4 as const, name: 'LSTM' },
    { G: 3 as const, name: 'GRU' },
  ])('$name', ({ G }) => {
    const rng = new Rng(G);
    let units: ReturnType<typeof randomTorchCell>[];
    let dense: ReturnType<typeof blockDiagonal>;
    beforeAll(() => {
      units = Array.from({ length: K }, () => randomTorchCell(rng, G, IN_PER, HK));
      dense = blockDiagonal(units, G);
    });

    it("recovers each unit's own PyTorch weights, transposed", () => {
      const group = blockDiagonalToGroup(dense, { units: K, gates: G });
      expect(group.wIh.shape).toEqual([K, IN_PER, G * HK]);
      expect(group.wHh.shape).toEqual([K, HK, G * HK]);
      units.forEach((u, b) => {
        const pick3 = (t: tf.Tensor) => tf.squeeze(tf.slice(t, [b, 0, 0], [1, -1, -1]), [0]);
        const pick2 = (t: tf.Tensor) => tf.squeeze(tf.slice(t, [b, 0], [1, -1]), [0]);
        expect(maxDiff(pick3(group.wIh), tf.transpose(u.weight_ih).dataSync())).toBe(0);
        expect(maxDiff(pick3(group.wHh), tf.transpose(u.weight_hh).dataSync())).toBe(0);
        expect(maxDiff(pick2(group.bIh), u.bias_ih.dataSync())).toBe(0);
        expect(maxDiff(pick2(group.bHh), u.bias_hh.dataSync())).toBe(0);
      });
    });

    it('groupToBlockDiagonal is its exact inverse', () => {
      const back = groupToBlockDiagonal(blockDiagonalToGroup(dense, { units: K, gates: G }), { gates: G });
      for (const k of ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh'] as const) {
        expect(back[k].shape).toEqual(dense[k].shape);
        expect(maxDiff(back[k], dense[k].dataSync())).toBe(0);
      }
    });

    it('the grouped cell equals the dense cell it came from, values and input gradients', () => {
      const params = new Parameters(new Rng(1));
      const x = randomTensor(rng, [B, K * IN_PER]);
      const h = randomTensor(rng, [B, NHID]);
      const c = randomTensor(rng, [B, NHID]);
      const R = randomTensor(rng, [B, NHID]);
      const asGroup = (t: tf.Tensor, per: number) => tf.reshape(t, [B, K, per]);
      const weights = blockDiagonalToGroup(dense, { units: K, gates: G });
      let denseLoss: (x: tf.Tensor, h: tf.Tensor) => tf.Scalar;
      let groupLoss: (x: tf.Tensor, h: tf.Tensor) => tf.Scalar;
      if (G === 4) {
        const d = new LstmCell(params.scope('dense'), { inputSize: K * IN_PER, hiddenSize: NHID });
        importTorchLstmCell(d, dense);
        const g = new GroupLstmCell(params.scope('group'), { units: K, inputSize: IN_PER, hiddenSize: HK });
        g.setWeights(weights);
        denseLoss = (xx, hh) => tf.sum(tf.mul(d.step(xx, { h: hh, c }).state.c!, R));
        groupLoss = (xx, hh) => tf.sum(tf.mul(tf.reshape(g.step(xx, { h: hh, c: asGroup(c, HK) }).state.c!, [B, NHID]), R));
      } else {
        const d = new GruCell(params.scope('dense'), { inputSize: K * IN_PER, hiddenSize: NHID });
        importTorchGruCell(d, dense);
        const g = new GroupGruCell(params.scope('group'), { units: K, inputSize: IN_PER, hiddenSize: HK });
        g.setWeights(weights);
        denseLoss = (xx, hh) => tf.sum(tf.mul(d.step(xx, { h: hh }).output, R));
        groupLoss = (xx, hh) => tf.sum(tf.mul(tf.reshape(g.step(xx, { h: hh }).output, [B, NHID]), R));
      }
      expect(Math.abs(denseLoss(x, h).dataSync()[0]! - groupLoss(asGroup(x, IN_PER), asGroup(h, HK)).dataSync()[0]!)).toBeLessThan(1e-5);
      const gd = tf.grads((xx, hh) => denseLoss(xx!, hh!))([x, h]);
      const gg = tf.grads((xx, hh) => groupLoss(xx!, hh!))([asGroup(x, IN_PER), asGroup(h, HK)]);
      expect(relDiff(tf.reshape(gg[0]!, [B, K * IN_PER]), gd[0]!)).toBeLessThan(1e-4);
      expect(relDiff(tf.reshape(gg[1]!, [B, NHID]), gd[1]!)).toBeLessThan(1e-4);
    });

    it('names the tensor, the block and the largest off-diagonal value', () => {
      const hh = dense.weight_hh.arraySync();
      // Gate 1, unit 2's second row (row 1*6 + 2*2 + 1 = 11) reading unit 0's state (column 1).
      hh[11]![1] = 0.375;
      hh[0]![5] = -0.125;
      const bad = { ...dense, weight_hh: tf.tensor2d(hh) };
      const gate = G === 4 ? 'f' : 'z';
      const call = () => blockDiagonalToGroup(bad, { units: K, gates: G });
      expect(call).toThrow(CheckpointError);
      expect(call).toThrow(
        `blockDiagonalToGroup: 'weight_hh' is not block-diagonal (units = 3, tolerance 0): its largest off-diagonal ` +
          `entry is 0.375 at [11, 1], in the block of unit 2's gate '${gate}' rows and unit 0's columns`,
      );
      expect(() => blockDiagonalToGroup(bad, { units: K, gates: G, tolerance: 0.25 })).toThrow(/is 0.375 at \[11, 1\]/);
      expect(() => blockDiagonalToGroup(bad, { units: K, gates: G, tolerance: 0.5 })).not.toThrow();
      const ih = dense.weight_ih.arraySync();
      ih[0]![IN_PER] = NaN;
      expect(() => blockDiagonalToGroup({ ...dense, weight_ih: tf.tensor2d(ih) }, { units: K, gates: G, tolerance: 1 })).toThrow(
        /'weight_ih' is not block-diagonal .* is NaN at \[0, 4\]/,
      );
    });

    it('checks shapes and options', () => {
      expect(() => blockDiagonalToGroup(dense, { units: 4, gates: G })).toThrow(CheckpointError);
      expect(() => blockDiagonalToGroup(dense, { units: 4, gates: G })).toThrow(
        `blockDiagonalToGroup: 'weight_hh' must be [${G}*nhid, nhid] with nhid divisible by units = 4, got [${G * NHID}, ${NHID}]`,
      );
      expect(() => blockDiagonalToGroup({ ...dense, bias_hh: tf.zeros([3]) }, { units: K, gates: G })).toThrow(
        `'bias_hh' must be [${G}*nhid] = [${G * NHID}], got [3]`,
      );
      expect(() => blockDiagonalToGroup({ ...dense, weight_ih: undefined } as never, { units: K, gates: G })).toThrow(
        "blockDiagonalToGroup: 'weight_ih' is missing",
      );
      expect(() => blockDiagonalToGroup(dense, { units: K, gates: 5 as never, tolerance: -1 })).toThrow(ConfigError);
      expect(() => blockDiagonalToGroup(dense, { units: K, gates: 5 as never })).toThrow(/blockDiagonalToGroup.gates: must be one of 4 \| 3, got 5/);
    });
  });

  it('groupToBlockDiagonal checks its input', () => {
    const w = { wIh: tf.zeros([2, 3, 8]), wHh: tf.zeros([2, 2, 8]), bIh: tf.zeros([2, 8]), bHh: tf.zeros([2, 7]) } as never;
    expect(() => groupToBlockDiagonal(w, { gates: 4 })).toThrow("groupToBlockDiagonal: 'bHh' must be [units, 4*hk] = [2, 8], got [2, 7]");
    expect(() => groupToBlockDiagonal(w, { gates: 3 })).toThrow("groupToBlockDiagonal: 'wIh' last axis must be gates*hk = 3*hk, got [2, 3, 8]");
  });
});
