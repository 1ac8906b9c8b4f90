import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, Parameters, Rng, ShapeError } from '@rimjs/core';
import { expectNoLeak, maxAbsDiff, useBackend } from '@rimjs/core/testing';
import { GruCell, LstmCell, gruStep, lstmStep } from '@rimjs/cells';
import { BlockPruner, type BlockPrunerConfig } from './block-pruner.js';
import { MaskedCell } from './masked-cell.js';
import { thresholdAt } from './threshold-schedule.js';
import { expandBlockMask } from './block-reduce.js';

const made: Array<{ dispose(): void }> = [];
function setup(kind: 'lstm' | 'gru', config: Partial<BlockPrunerConfig> = {}, block: [number, number] = [4, 4]) {
  const params = new Parameters(new Rng(3));
  const cell = kind === 'lstm' ? new LstmCell(params.scope('cell'), { inputSize: 8, hiddenSize: 8 }) : new GruCell(params.scope('cell'), { inputSize: 8, hiddenSize: 8 });
  const pruner = new BlockPruner(
    params.scope('sparse'),
    [
      { name: 'ih', weight: cell.weights.wIh as tf.Variable, block },
      { name: 'hh', weight: cell.weights.wHh as tf.Variable, block },
    ],
    { schedule: { startItr: 2, rampItr: 10, endItr: 20, freq: 2 }, q: { kind: 'percentile', percentile: 90 }, ...config },
  );
  const masked = new MaskedCell(cell, pruner, { wIh: 'ih', wHh: 'hh' });
  const optimizer = tf.train.adam(0.05);
  made.push(params, pruner, { dispose: () => optimizer.dispose() });
  const x = tf.randomNormal([4, 8], 0, 1, 'float32', 11);
  const target = tf.randomNormal([4, 8], 0, 1, 'float32', 12);
  made.push(x, target);
  const loss = () =>
    tf.tidy(() => {
      const s0 = masked.initialState(4);
      let state = s0;
      for (let t = 0; t < 3; t++) state = masked.step(x, state).state;
      return tf.losses.meanSquaredError(target, state.h) as tf.Scalar;
    });
  return { params, cell, pruner, masked, optimizer, loss };
}

function exactZerosAndMonotone(): void {
  const { params, pruner, optimizer, loss } = setup('lstm');
  let previous: Float32Array[] = pruner.names.map((n) => pruner.blockMask(n).dataSync().slice() as Float32Array);
  let pruned = 0;
  for (let t = 0; t < 30; t++) {
    pruner.minimize(optimizer, loss, t, params.trainable()).dispose();
    const now = pruner.names.map((n) => pruner.blockMask(n).dataSync().slice() as Float32Array);
    now.forEach((m, k) => m.forEach((v, i) => expect(v).toBeLessThanOrEqual(previous[k]![i]!))); // monotone
    previous = now;
    for (const n of pruner.names) {
      const w = pruner.weight(n).dataSync();
      const mask = pruner.blockMask(n).dataSync();
      const [gr, gc] = pruner.blockMask(n).shape as [number, number];
      const cols = pruner.weight(n).shape[1]!;
      for (let i = 0; i < w.length; i++) {
        const r = Math.floor(i / cols);
        const c = i % cols;
        if (mask[Math.floor(r / 4) * gc + Math.floor(c / 4)] === 0) expect(w[i]).toBe(0);
      }
      pruned += gr * gc - Array.from(mask).reduce((a, b) => a + Number(b), 0);
    }
  }
  expect(pruned).toBeGreaterThan(0);
  const rows = pruner.report();
  expect(rows.map((r) => r.name)).toEqual(['ih', 'hh']);
  for (const r of rows) {
    expect(r.blocks).toBe(2 * 8);
    expect(r.keptParams).toBe((r.blocks - r.prunedBlocks) * 16);
    expect(r.q).toBeGreaterThan(0);
    // the last pruning step is t = 18: its threshold is the formula's
    expect(r.threshold).toBeCloseTo(thresholdAt(pruner.schedule, 18, r.q, 16 ** 0.25), 5);
  }
}

describe('BlockPruner', () => {
  beforeAll(() => useBackend('cpu'));
  afterEach(() => {
    for (const m of made.splice(0)) m.dispose();
  });

  it('pruned blocks stay exactly zero after Adam steps, masks only ever remove blocks', () => {
    exactZerosAndMonotone();
  });

  it('a tracked blockSparsity q keeps up with growing weights; a q measured once does not', () => {
    const run = (track: boolean) => {
      const params = new Parameters(new Rng(1));
      const w = params.add('w', [64, 64], (s, seed) => tf.randomNormal([...s], 0, 1, 'float32', seed));
      const pruner = new BlockPruner(params.scope('sparse'), [{ name: 'w', weight: w, block: [8, 8] }], {
        schedule: { startItr: 0, rampItr: 50, endItr: 100, freq: 5 },
        q: { kind: 'blockSparsity', sparsity: 0.75, track },
      });
      made.push(params, pruner);
      for (let t = 0; t < 100; t++) {
        w.assign(tf.mul(w, 1.03)); // 19x growth over the window
        pruner.update(t);
      }
      return pruner.report()[0]!.blockSparsity;
    };
    const tracked = run(true);
    expect(tracked).toBeGreaterThan(0.55); // the ramp ends at 0.96 q here; block maxima of normals are tightly spread
    expect(tracked).toBeLessThanOrEqual(0.75);
    expect(run(false)).toBeLessThan(0.2);
  });

  it('a block whose weights grow back stays pruned (monotone), and weights are re-zeroed', () => {
    const { pruner } = setup('gru', { q: { kind: 'blockSparsity', sparsity: 0.5 } });
    for (let t = 2; t < 20; t += 2) pruner.update(t);
    const before = pruner.blockMask('hh').dataSync().slice();
    expect(before.some((v) => v === 0)).toBe(true);
    pruner.weight('hh').assign(tf.fill(pruner.weight('hh').shape, 10)); // every block now huge
    pruner.update(18);
    const after = pruner.blockMask('hh').dataSync();
    before.forEach((v, i) => expect(after[i]).toBe(v === 0 ? 0 : 1));
    expect(pruner.weight('hh').dataSync().filter((v) => v === 0).length).toBe(before.filter((v) => v === 0).length * 16);
  });

  it('blockSparsity q prunes about that share at the end of the ramp', () => {
    const params = new Parameters(new Rng(1));
    const w = params.add('w', [64, 64], (s, seed) => tf.randomNormal([...s], 0, 1, 'float32', seed));
    const pruner = new BlockPruner(params.scope('sparse'), [{ name: 'w', weight: w, block: [4, 4] }], {
      schedule: { startItr: 0, rampItr: 50, endItr: 100, freq: 1 },
      q: { kind: 'blockSparsity', sparsity: 0.8 },
    });
    made.push(params, pruner);
    for (let t = 0; t < 100; t++) pruner.update(t);
    const s = pruner.report()[0]!.blockSparsity;
    expect(s).toBeGreaterThan(0.74);
    expect(s).toBeLessThan(0.82);
  });

  it('the masked cell equals the plain step on masked weights (LSTM and GRU)', () => {
    for (const kind of ['lstm', 'gru'] as const) {
      const { cell, pruner, masked } = setup(kind, { q: { kind: 'blockSparsity', sparsity: 0.5 } });
      for (let t = 2; t < 20; t += 2) pruner.update(t);
      expect(pruner.report()[1]!.prunedBlocks).toBeGreaterThan(0);
      const x = tf.randomNormal([3, 8], 0, 1, 'float32', 5) as tf.Tensor2D;
      const s0 = masked.initialState(3);
      const got = masked.step(x, s0);
      const w = cell.weights;
      const ref = tf.tidy(() => {
        const m = (n: string) => expandBlockMask(pruner.blockMask(n) as tf.Tensor2D, [4, 4]);
        const mw = { ...w, wIh: tf.mul(w.wIh, m('ih')) as tf.Tensor2D, wHh: tf.mul(w.wHh, m('hh')) as tf.Tensor2D };
        return kind === 'lstm' ? lstmStep(x, s0.h as tf.Tensor2D, s0.c as tf.Tensor2D, mw).h : gruStep(x, s0.h as tf.Tensor2D, mw).h;
      });
      expect(maxAbsDiff(got.output, ref)).toBeLessThan(1e-6);
      tf.dispose([x, s0.h, s0.c ?? [], got.state.h, got.state.c ?? [], ref]);
    }
  });

  it('group lasso alone does not prune; GLP penalty only inside the window', () => {
    const { pruner } = setup('lstm', { prune: false, groupLasso: { lambda: 0.1, during: 'always' } });
    expect(pruner.update(2)).toBe(false);
    const p = pruner.penalty(0)!;
    expect(p.dataSync()[0]).toBeGreaterThan(0);
    p.dispose();
    const glp = setup('gru', { groupLasso: { lambda: 0.1 } }).pruner;
    expect(glp.penalty(1)).toBeNull();
    expect(glp.groupLassoActive(2)).toBe(true);
    expect(glp.penalty(20)).toBeNull();
  });

  it('masks survive a save and load through params (sync)', () => {
    const a = setup('lstm', { q: { kind: 'blockSparsity', sparsity: 0.5 } });
    for (let t = 2; t < 20; t += 2) a.pruner.update(t);
    const saved = Object.fromEntries(a.params.entries().map(([n, v]) => [n, v.clone()]));
    const b = setup('lstm');
    b.params.load(saved);
    b.pruner.sync();
    expect(maxAbsDiff(b.pruner.masked('hh'), a.pruner.masked('hh'))).toBe(0);
    tf.dispose(Object.values(saved));
  });

  it('names bad configs and block shapes', () => {
    expect(() => setup('lstm', {}, [3, 4])).toThrow(ShapeError);
    expect(() => setup('lstm', {}, [3, 4])).toThrow("BlockPruner(ih): 'block' [3, 4] must tile the weight [rows, cols] = [8, 32] exactly");
    expect(() => setup('lstm', {}, [0, 4])).toThrow(ConfigError);
    expect(() => setup('lstm', { q: { kind: 'percentile', percentile: 120 } })).toThrow(/BlockPrunerConfig.q.percentile: must be a number in \(0, 100\), got 120/);
    expect(() => setup('lstm', { groupLasso: { lambda: -1 } })).toThrow(/BlockPrunerConfig.groupLasso.lambda/);
  });

  it('construction and dispose leak nothing', () => {
    const before = tf.memory().numTensors;
    setup('lstm', { groupLasso: { lambda: 0.1 } });
    for (const m of made.splice(0)) m.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('MaskedCell.step leaks nothing (LSTM and GRU)', async () => {
    for (const kind of ['lstm', 'gru'] as const) {
      const { masked } = setup(kind);
      const x = tf.ones([2, 8]);
      const s0 = masked.initialState(2);
      await expectNoLeak(() => {
        const r = masked.step(x, s0);
        tf.dispose([r.state.h, r.state.c ?? []]);
      });
      tf.dispose([x, s0.h, s0.c ?? []]);
    }
  });

  it('leaks nothing in minimize (a pruning step included)', async () => {
    const { params, pruner, optimizer, loss } = setup('lstm', { groupLasso: { lambda: 0.01 } });
    let t = 0;
    pruner.minimize(optimizer, loss, t++, params.trainable()).dispose();
    await expectNoLeak(() => pruner.minimize(optimizer, loss, t++, params.trainable()).dispose());
  });
});

describe('BlockPruner on wasm', () => {
  beforeAll(() => useBackend('wasm'));
  afterEach(() => {
    for (const m of made.splice(0)) m.dispose();
  });
  it('pruned blocks stay exactly zero after Adam steps, masks only ever remove blocks', () => {
    exactZerosAndMonotone();
  });
});
