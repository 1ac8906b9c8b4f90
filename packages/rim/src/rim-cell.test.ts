import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, Parameters, Rng, ShapeError } from '@rimjs/core';
import { expectNoLeak, TEST_BACKENDS, useBackend } from '@rimjs/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { RimCell, type RimState } from './rim-cell.js';

const small = { inputSize: 8, numUnits: 5, topK: 2, hidden: 6, inputKeySize: 8, commKeySize: 4, commValueSize: 4 };

function randomState(cell: RimCell, batch: number, seed: number) {
  const shape: [number, number, number] = [batch, cell.config.numUnits, cell.config.hidden];
  return { h: tf.randomNormal(shape, 0, 1, 'float32', seed) as tf.Tensor3D, c: tf.randomNormal(shape, 0, 1, 'float32', seed + 1) as tf.Tensor3D };
}

describe.each(TEST_BACKENDS)('RimCell on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('activates exactly topK units, and inactive units keep h and c bit-exactly', () => {
    for (const cellKind of ['lstm', 'gru'] as const) {
      const params = new Parameters(new Rng(3));
      const cell = new RimCell(params, { ...small, cell: cellKind, initStd: 0.5 });
      const state = randomState(cell, 4, 10);
      const x = tf.randomNormal([4, 8], 0, 1, 'float32', 20) as tf.Tensor2D;
      const r = cell.step(x, cellKind === 'lstm' ? state : { h: state.h });
      const mask = r.mask.arraySync();
      expect(mask.map((row) => row.reduce((a, b) => a + b, 0))).toEqual([2, 2, 2, 2]);
      const hOld = state.h.arraySync();
      const hNew = r.state.h.arraySync();
      const cOld = state.c.arraySync();
      const cNew = r.state.c?.arraySync();
      for (let b = 0; b < 4; b++) {
        for (let u = 0; u < 5; u++) {
          if (mask[b]![u] === 0) {
            expect(hNew[b]![u]).toEqual(hOld[b]![u]);
            if (cNew) expect(cNew[b]![u]).toEqual(cOld[b]![u]);
          } else {
            expect(hNew[b]![u]).not.toEqual(hOld[b]![u]);
          }
        }
      }
      expect(r.inputWeights.shape).toEqual([4, 1, 5, 2]);
      expect(r.commWeights!.shape).toEqual([4, 4, 5, 5]);
      params.dispose();
    }
  });

  it('the active units are those with the least attention on the null slot', () => {
    const params = new Parameters(new Rng(4));
    const cell = new RimCell(params, { ...small, initStd: 0.5 });
    const state = randomState(cell, 3, 30);
    const r = cell.step(tf.randomNormal([3, 8], 0, 1, 'float32', 31) as tf.Tensor2D, state);
    const nullScore = tf.slice(r.inputWeights, [0, 0, 0, 0], [-1, 1, -1, 1]).reshape([3, 5]).arraySync() as number[][];
    r.mask.arraySync().forEach((row, b) => {
      const active = nullScore[b]!.filter((_, u) => row[u] === 1);
      const inactive = nullScore[b]!.filter((_, u) => row[u] === 0);
      expect(Math.max(...active)).toBeLessThanOrEqual(Math.min(...inactive));
    });
    params.dispose();
  });

  it('from a zero state every unit ties; the lower unit indices win (documented tie rule)', () => {
    const params = new Parameters(new Rng(5));
    const cell = new RimCell(params, small);
    const r = cell.step(tf.ones([2, 8]) as tf.Tensor2D, cell.initialState(2));
    expect(r.mask.arraySync()).toEqual([[1, 1, 0, 0, 0], [1, 1, 0, 0, 0]]);
    params.dispose();
  });

  it('no gradient reaches an inactive unit: its cell weights get exactly zero gradient', () => {
    const params = new Parameters(new Rng(6));
    const cell = new RimCell(params, { ...small, initStd: 0.5 });
    const state = randomState(cell, 1, 40);
    const x = tf.randomNormal([1, 8], 0, 1, 'float32', 41) as tf.Tensor2D;
    const mask = cell.step(x, state).mask.arraySync()[0]!;
    const w = params.get('cell.weightIh');
    const { grads } = tf.variableGrads(() => tf.sum(tf.square(cell.step(x, state).state.h)) as tf.Scalar, [w]);
    const g = tf.sum(tf.abs(grads[w.name]!), [1, 2]).arraySync() as number[]; // per unit
    mask.forEach((m, u) => (m === 0 ? expect(g[u]).toBe(0) : expect(g[u]).toBeGreaterThan(0)));
    params.dispose();
  });

  it('same seed, same weights and outputs; dropout is seeded', () => {
    const run = (seed: number, dropSeed?: number) => {
      const params = new Parameters(new Rng(seed));
      const cell = new RimCell(params, small);
      const s = randomState(cell, 2, 50);
      const r = cell.step(tf.ones([2, 8]).mul(0.3) as tf.Tensor2D, s, dropSeed === undefined ? {} : { training: true, seed: dropSeed });
      const out = Array.from(r.state.h.dataSync());
      params.dispose();
      return out;
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
    expect(run(7, 11)).toEqual(run(7, 11));
    expect(run(7, 11)).not.toEqual(run(7, 12));
    expect(run(7, 11)).not.toEqual(run(7));
  });

  it('slot dropout (inputDropoutPer: slot) is seeded, differs from unit dropout, and step equals stepSlots', () => {
    const run = (per: 'unit' | 'slot', dropSeed: number | undefined, viaSlots = false) => {
      const params = new Parameters(new Rng(7));
      const cell = new RimCell(params, { ...small, inputDropout: 0.5, inputDropoutPer: per });
      const s = randomState(cell, 2, 50);
      const x = tf.ones([2, 8]).mul(0.3) as tf.Tensor2D;
      const opts = dropSeed === undefined ? {} : { training: true, seed: dropSeed };
      const r = viaSlots ? cell.stepSlots(cell.projectInputs(tf.expandDims(x, 0) as tf.Tensor3D)[0]!, s, opts) : cell.step(x, s, opts);
      const out = Array.from(r.state.h.dataSync());
      params.dispose();
      return out;
    };
    expect(run('slot', 11)).toEqual(run('slot', 11));
    expect(run('slot', 11)).toEqual(run('slot', 11, true));
    expect(run('slot', 11)).not.toEqual(run('slot', 12));
    expect(run('slot', 11)).not.toEqual(run('unit', 11));
    expect(run('slot', 11)).not.toEqual(run('slot', undefined));
    expect(run('slot', undefined)).toEqual(run('unit', undefined)); // no dropout in inference
    expect(() => new RimCell(new Parameters(new Rng(1)), { ...small, inputDropoutPer: 'head' as 'unit' })).toThrow(
      'RimCellConfig.inputDropoutPer: must be one of "unit" | "slot", got "head"',
    );
  });

  it('does not leak over 100 steps', async () => {
    const params = new Parameters(new Rng(8));
    const cell = new RimCell(params, small);
    const x = tf.ones([2, 8]) as tf.Tensor2D;
    await expectNoLeak(
      () => {
        let state = cell.initialState(2);
        for (let t = 0; t < 100; t++) {
          const r = cell.step(x, state, { training: true, seed: t + 1 });
          tf.dispose([state, r.mask, r.inputWeights, r.commWeights!]);
          state = r.state;
        }
        tf.dispose(state);
      },
      { iterations: 1 },
    );
    params.dispose();
  });

  it.each([
    ['LSTM units, one input row, 5 steps', { ...small }, [5, 3, 8]],
    ['GRU units, paper preset, three input rows, one step', { ...small, preset: 'paper', cell: 'gru', numInputs: 3 }, [1, 3, 3, 8]],
  ] as const)('projectInputs + stepSlots: the same steps as step, values and gradients (%s)', (_name, options, shape) => {
    const params = new Parameters(new Rng(10));
    const cell = new RimCell(params, options as ConstructorParameters<typeof RimCell>[1]);
    const x = tf.randomNormal([...shape], 0, 1, 'float32', 4) as tf.Tensor3D | tf.Tensor4D;
    const [time, batch] = shape;
    const run = (projected: boolean) => () => {
      const slots = projected ? cell.projectInputs(x) : null;
      let state: RimState = randomState(cell, batch, 7); // GRU units carry the given c as the official cx
      const hs: tf.Tensor[] = [];
      for (let t = 0; t < time; t++) {
        const xt = tf.squeeze(tf.slice(x, [t], [1]), [0]) as tf.Tensor2D | tf.Tensor3D;
        const r = slots ? cell.stepSlots(slots[t]!, state) : cell.step(xt, state);
        state = r.state;
        hs.push(tf.mul(r.output, t + 1), tf.mul(r.mask, 0.5));
      }
      return tf.addN(hs.map((h) => tf.sum(h))) as tf.Scalar;
    };
    const a = tf.variableGrads(run(false), params.trainable());
    const b = tf.variableGrads(run(true), params.trainable());
    expect(b.value.dataSync()[0]).toBeCloseTo(a.value.dataSync()[0]!, 4);
    expect(Math.abs(b.value.dataSync()[0]! - a.value.dataSync()[0]!)).toBeLessThan(1e-4 * Math.abs(a.value.dataSync()[0]!));
    for (const name of Object.keys(a.grads)) {
      const ga = a.grads[name]!.dataSync();
      const gb = b.grads[name]!.dataSync();
      const scale = Math.max(1e-3, ...Array.from(ga, Math.abs));
      const diff = Math.max(...Array.from(ga, (v, i) => Math.abs(v - gb[i]!)));
      expect(diff / scale, name).toBeLessThan(1e-5);
    }
    expect(() => cell.projectInputs(tf.ones([2, 3, 7]) as tf.Tensor3D)).toThrow(ShapeError);
    params.dispose();
  });

  it('names the argument of a wrong shape', () => {
    const params = new Parameters(new Rng(9));
    const cell = new RimCell(params, small);
    const s = cell.initialState(2);
    expect(() => cell.step(tf.ones([2, 7]) as tf.Tensor2D, s)).toThrow(ShapeError);
    expect(() => cell.step(tf.ones([2, 7]) as tf.Tensor2D, s)).toThrow("RimCell.step: 'input' must be [batch, inputSize] = [?, 8], got [2, 7]");
    expect(() => cell.step(tf.ones([3, 8]) as tf.Tensor2D, s)).toThrow("RimCell.step: 'state.h' must be [batch, numUnits, hidden] = [3, 5, 6], got [2, 5, 6]");
    expect(() => cell.step(tf.ones([2, 8]) as tf.Tensor2D, { h: s.h })).toThrow("RimCell.step: 'state.c' is required for LSTM units, got undefined");
    expect(() => cell.step(tf.ones([2, 8]) as tf.Tensor2D, s, { training: true })).toThrow(ConfigError);
    params.dispose();
  });

  it('rejects bad configs with ConfigErrors naming every field', () => {
    const params = new Parameters(new Rng(9));
    const make = (o: object) => () => new RimCell(params, { ...small, ...o });
    expect(make({ topK: 6 })).toThrow('RimCellConfig.topK: must be an integer in [1, numUnits = 5], got 6');
    expect(make({ topK: 0 })).toThrow(ConfigError);
    expect(make({ hidden: 0, inputDropout: 1 })).toThrow(/3 problems:[\s\S]*RimCellConfig.hidden[\s\S]*RimCellConfig.inputValueSize[\s\S]*RimCellConfig.inputDropout/);
    expect(make({ preset: 'big' })).toThrow('RimCellConfig.preset: must be one of "official" | "paper", got "big"');
    expect(make({ topk: 2 })).toThrow(/RimCellConfig.topk: unknown field/);
    expect(make({ cell: 'rnn' })).toThrow('RimCellConfig.cell: must be one of "lstm" | "gru", got "rnn"');
    expect(make({ cell: 'gru', forgetBias: 1 })).toThrow('RimCellConfig.forgetBias: is for LSTM units (a GRU has no forget gate), got 1');
    params.dispose();
  });

  it('initStd sets the std of every attention projection (input and communication q/k/v)', () => {
    const stds = (initStd: number) => {
      const params = new Parameters(new Rng(13));
      new RimCell(params, { ...small, numUnits: 6, topK: 4, hidden: 16, initStd });
      const names = ['inputAttention.query.weight', 'inputAttention.key.weight', 'communication.value.weight'];
      const out = names.map((n) => tf.tidy(() => tf.moments(params.get(n)).variance.sqrt().dataSync()[0]!));
      params.dispose();
      return out;
    };
    for (const s of stds(0.01)) expect(s).toBeCloseTo(0.01, 2);
    for (const s of stds(0.5)) expect(Math.abs(s - 0.5)).toBeLessThan(0.05);
  });

  it('forgetBias shifts every unit\'s forget-gate bias (biasHh[:, hidden:2*hidden]) and nothing else', () => {
    const biases = (forgetBias: number) => {
      const params = new Parameters(new Rng(12));
      new RimCell(params, { ...small, forgetBias });
      const b = { hh: params.get('cell.biasHh').arraySync() as number[][], ih: params.get('cell.biasIh').arraySync() as number[][] };
      params.dispose();
      return b;
    };
    const base = biases(0);
    const shifted = biases(2);
    expect(shifted.ih).toEqual(base.ih);
    const h = small.hidden;
    shifted.hh.forEach((row, u) => row.forEach((v, j) => expect(v).toBeCloseTo(base.hh[u]![j]! + (j >= h && j < 2 * h ? 2 : 0), 6)));
  });
});
