import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { groupLinear, normal, Parameters, Rng, ShapeError } from '@rimjs/core';
import { useBackend } from '@rimjs/core/testing';
import { GroupLstmCell } from '@rimjs/cells';
import { BlockPruner } from './block-pruner.js';

const schedule = { startItr: 2, rampItr: 6, endItr: 12, freq: 2 };

describe('BlockPruner on per-unit weights [units, R, C] (GroupLinear, a RIM\'s cell weights)', () => {
  beforeAll(() => useBackend('wasm'));

  it('prunes blocks inside each unit, keeps them exactly zero through Adam, masks only ever remove', () => {
    const params = new Parameters(new Rng(1));
    const w = params.add('w', [4, 8, 8], normal({ std: 0.5 })); // [units, in, out]
    const pruner = new BlockPruner(params.scope('sparse'), [{ name: 'w', weight: w, block: [4, 4] }], { schedule, q: { kind: 'fixed', q: 0.4 } });
    const opt = tf.train.adam(0.01);
    const x = tf.randomNormal([16, 4, 8], 0, 1, 'float32', 2) as tf.Tensor3D; // [batch, units, in]
    const y = tf.randomNormal([16, 4, 8], 0, 1, 'float32', 3);
    let kept = Infinity;
    for (let t = 0; t < 14; t++) {
      pruner.minimize(opt, () => tf.mean(tf.square(tf.sub(groupLinear(x, pruner.masked('w') as unknown as tf.Tensor3D), y))) as tf.Scalar, t, params.trainable()).dispose();
      const now = tf.sum(pruner.blockMask('w')).dataSync()[0]!;
      expect(now).toBeLessThanOrEqual(kept);
      kept = now;
    }
    const row = pruner.report()[0]!;
    expect(row.shape).toEqual([32, 8]);
    expect(row.blocks).toBe(16); // 4 units x (2 x 2) blocks
    expect(row.prunedBlocks).toBeGreaterThan(0);
    expect(row.prunedBlocks).toBeLessThan(16);
    // Every [4, 4] block of every unit is all zero or has no zero pruned into it: blocks never straddle units.
    const blocks = tf.tidy(() => tf.transpose(tf.reshape(w, [4, 2, 4, 2, 4]), [0, 1, 3, 2, 4]).reshape([16, 16]).arraySync() as number[][]);
    const mask = Array.from(pruner.blockMask('w').dataSync()); // [units * 2, 2] row-major = unit, rowBlock, colBlock
    blocks.forEach((b, i) => {
      if (mask[i] === 0) expect(b.every((v) => Object.is(v, 0))).toBe(true);
      else expect(b.some((v) => v !== 0)).toBe(true);
    });
    tf.dispose([x, y]);
    opt.dispose();
    pruner.dispose();
    params.dispose();
  });

  it("works on a grouped LSTM cell's recurrent weight (the RIM's units)", () => {
    const params = new Parameters(new Rng(3));
    new GroupLstmCell(params.scope('cell'), { units: 3, inputSize: 8, hiddenSize: 8 }); // its variables live in params
    const whh = params.get('cell.weightHh') as tf.Variable; // [3, 8, 32]
    const pruner = new BlockPruner(params.scope('sparse'), [{ name: 'hh', weight: whh, block: [8, 8] }], { schedule, q: { kind: 'fixed', q: 0.05 } });
    pruner.update(schedule.endItr - 2);
    expect(pruner.report()[0]).toMatchObject({ shape: [24, 32], blocks: 12 });
    pruner.dispose();
    params.dispose();
  });

  it('names blocks that would straddle two units, and weights of other ranks', () => {
    const params = new Parameters(new Rng(1));
    const w3 = params.add('w3', [4, 6, 8], normal());
    const w4 = params.add('w4', [2, 2, 4, 4], normal());
    expect(() => new BlockPruner(params.scope('a'), [{ name: 'w3', weight: w3, block: [4, 4] }], { schedule })).toThrow(ShapeError);
    expect(() => new BlockPruner(params.scope('b'), [{ name: 'w3', weight: w3, block: [4, 4] }], { schedule })).toThrow(/must tile each unit's \[6, 8\] of the per-unit weight \[4, 6, 8\]/);
    expect(() => new BlockPruner(params.scope('c'), [{ name: 'w4', weight: w4, block: [2, 2] }], { schedule })).toThrow(/\[rows, cols\] or per-unit \[units, rows, cols\], got \[2, 2, 4, 4\]/);
    params.dispose();
  });
});
