import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, Parameters, Rng } from '@rimjs/core';
import { expectNoLeak, TEST_BACKENDS, useBackend } from '@rimjs/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rim, type RimConfig, type RimEngine } from '../rim.js';
import type { RimLayerOptions } from '../sequence-model-types.js';
import { fusedRimSequence } from './fused-rim-sequence.js';

/** Small sizes with every axis distinct, so a swapped axis cannot pass. */
const base: RimLayerOptions = { numUnits: 4, topK: 2, hidden: 6, inputKeySize: 5, inputValueSize: 7, commHeads: 2, commKeySize: 3, commValueSize: 4 };
const [T, B, I] = [5, 3, 8];

/** Max |a - b| / max |b| (0 when both are 0). */
function relDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => {
    const scale = tf.max(tf.abs(b)).dataSync()[0]!;
    const d = tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!;
    return scale === 0 ? d : d / scale;
  });
}

interface Run {
  outputs: tf.Tensor;
  masks: tf.Tensor[];
  finals: tf.Tensor[];
  grads: Record<string, tf.Tensor>;
  dx: tf.Tensor;
}

/** One forward and backward of a Rim with the given engine; the loss weighs every output and final state. */
function run(config: RimConfig, engine: RimEngine, training: boolean): Run {
  const params = new Parameters(new Rng(11));
  const rim = new Rim(params, config);
  const rng = new Rng(5);
  const x = tf.tensor3d(Float32Array.from({ length: T * B * I }, () => rng.normal()), [T, B, I]);
  const outW = tf.randomNormal([T, B, rim.outputSize], 0, 1, 'float32', 7);
  const opts = { engine, training, ...(training ? { seed: 21 } : {}) };
  let kept: { outputs: tf.Tensor; masks: tf.Tensor[]; finals: tf.Tensor[] } | null = null;
  const loss = (xx: tf.Tensor) => {
    const o = rim.forward(xx as tf.Tensor3D, opts);
    kept = { outputs: tf.keep(o.outputs), masks: o.masks.map((m) => tf.keep(m)), finals: o.finalStates.flatMap((s) => [s.h, ...(s.c ? [s.c] : [])]).map((f) => tf.keep(f)) };
    const finalTerm = o.finalStates.reduce((acc: tf.Tensor, s, i) => tf.add(acc, tf.mul(tf.sum(tf.square(s.c ?? s.h)), 0.3 + i)), tf.scalar(0));
    return tf.add(tf.sum(tf.mul(o.outputs, outW)), finalTerm) as tf.Scalar;
  };
  const vars = params.trainable();
  const { grads } = tf.variableGrads(() => loss(x), vars);
  const dx = tf.grad(loss)(x);
  tf.dispose([x, outW]);
  const byName: Record<string, tf.Tensor> = {};
  for (const [name, v] of params.entries()) if (grads[v.name]) byName[name] = grads[v.name]!;
  params.dispose();
  return { ...kept!, grads: byName, dx };
}

const cases: Array<[string, RimConfig, boolean]> = [
  ['official LSTM, inference', { inputSize: I, layers: [base] }, false],
  ['official LSTM, training with dropout', { inputSize: I, layers: [{ ...base, inputDropout: 0.3, commDropout: 0.4 }] }, true],
  ['official LSTM, training without dropout (whole-sequence input path)', { inputSize: I, layers: [{ ...base, inputDropout: 0, commDropout: 0 }] }, true],
  ['official GRU, training with dropout', { inputSize: I, layers: [{ ...base, cell: 'gru', inputDropout: 0.3, commDropout: 0.4 }] }, true],
  ['official GRU, whole-sequence input path', { inputSize: I, layers: [{ ...base, cell: 'gru', inputDropout: 0 }] }, false],
  ['paper LSTM (4 input heads, residual), training', { inputSize: I, layers: [{ ...base, preset: 'paper', inputHeads: 3, commKeySize: 3, commValueSize: 4 }] }, true],
  ['paper GRU, training', { inputSize: I, layers: [{ ...base, preset: 'paper', cell: 'gru', inputHeads: 2 }] }, true],
  ['official LSTM, slot dropout (whole-sequence input path in training)', { inputSize: I, layers: [{ ...base, inputDropout: 0.3, inputDropoutPer: 'slot' }] }, true],
  ['official GRU, slot dropout', { inputSize: I, layers: [{ ...base, cell: 'gru', inputDropout: 0.3, inputDropoutPer: 'slot' }] }, true],
  ['paper LSTM (3 input heads), slot dropout', { inputSize: I, layers: [{ ...base, preset: 'paper', inputHeads: 3, inputDropout: 0.3, inputDropoutPer: 'slot' }] }, true],
  ['no communication, unmasked gradients', { inputSize: I, layers: [{ ...base, communication: false, maskInactiveGradients: false, inputDropout: 0 }] }, true],
  ['all units active (topK = numUnits)', { inputSize: I, layers: [{ ...base, topK: 4 }] }, true],
  ['stacked, masked layer input', { inputSize: I, layers: [base, { ...base, numUnits: 3, topK: 1, hidden: 5 }] }, true],
  ['bidirectional, stacked, all layer input', { inputSize: I, layers: [base, { ...base, cell: 'gru' }], bidirectional: true, layerInput: 'all' }, true],
];

describe.each(TEST_BACKENDS)('fused RIM sequence on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it.each(cases)('equals the composed path, values and every gradient: %s', (_name, config, training) => {
    const fused = run(config, 'fused', training);
    const composed = run(config, 'composed', training);
    expect(relDiff(fused.outputs, composed.outputs)).toBeLessThan(1e-5);
    fused.masks.forEach((m, i) => expect(relDiff(m, composed.masks[i]!)).toBe(0));
    fused.finals.forEach((f, i) => expect(relDiff(f, composed.finals[i]!)).toBeLessThan(1e-5));
    expect(Object.keys(fused.grads).sort()).toEqual(Object.keys(composed.grads).sort());
    for (const [name, g] of Object.entries(composed.grads)) {
      const err = relDiff(fused.grads[name]!, g);
      expect(err, `gradient of ${name}: ${err}`).toBeLessThan(1e-5);
    }
    expect(relDiff(fused.dx, composed.dx)).toBeLessThan(1e-5);
    // Some units were inactive at some step (so the masked update was exercised) where topK < numUnits.
    const active = tf.tidy(() => tf.mean(composed.masks[0]!).dataSync()[0]!);
    if ((config.layers![0]!.topK ?? 4) < 4) expect(active).toBeLessThan(1);
    tf.dispose([fused, composed] as unknown as tf.TensorContainer);
  });

  it.each(cases.filter(([, c]) => c.layers!.length === 1 && !c.bidirectional))(
    'JavaScript kernels and tfjs ops give the same values and gradients: %s',
    (_name, config, training) => {
      const params = new Parameters(new Rng(12));
      const rim = new Rim(params, config);
      const cell = rim.cells[0]!;
      const x = tf.randomNormal([T, B, I], 0, 1, 'float32', 13) as tf.Tensor3D;
      const w = tf.randomNormal([T, B, cell.outputSize], 0, 1, 'float32', 14);
      const runWith = (kernels: 'js' | 'ops') => {
        let out: tf.Tensor[] = [];
        const { grads } = tf.variableGrads(() => {
          const r = fusedRimSequence(cell, x, cell.initialState(B), { training, stepSeeds: [1, 2, 3, 4, 5], kernels });
          out = [tf.keep(r.outputs), tf.keep(r.masks), ...(r.finalState.c ? [tf.keep(r.finalState.c)] : [])];
          return tf.add(tf.sum(tf.mul(r.outputs, w)), tf.sum(tf.square(r.finalState.c ?? r.finalState.h))) as tf.Scalar;
        }, params.trainable());
        return { out, grads };
      };
      const js = runWith('js');
      const ops = runWith('ops');
      js.out.forEach((t, i) => expect(relDiff(t, ops.out[i]!)).toBeLessThan(1e-5));
      for (const [name, g] of Object.entries(ops.grads)) expect(relDiff(js.grads[name]!, g), name).toBeLessThan(1e-5);
      tf.dispose([js, ops, x, w] as unknown as tf.TensorContainer);
      params.dispose();
    },
  );

  it('gives the same gradients whatever the chunking of the weight gradients', () => {
    const params = new Parameters(new Rng(8));
    const rim = new Rim(params, { inputSize: I, layers: [{ ...base, inputDropout: 0.2 }] });
    const x = tf.randomNormal([T, B, I], 0, 1, 'float32', 1) as tf.Tensor3D;
    const cell = rim.cells[0]!;
    const gradsWith = (chunkRows?: number) =>
      tf.variableGrads(() => {
        const r = fusedRimSequence(cell, x, cell.initialState(B), { training: true, stepSeeds: [1, 2, 3, 4, 5], ...(chunkRows ? { chunkRows } : {}) });
        return tf.sum(tf.mul(r.outputs, r.outputs)) as tf.Scalar;
      }, params.trainable()).grads;
    const whole = gradsWith();
    const chunked = gradsWith(2 * B); // chunks of 2, 2 and 1 steps
    for (const [name, g] of Object.entries(whole)) expect(relDiff(chunked[name]!, g), name).toBeLessThan(1e-5);
    tf.dispose([whole, chunked, x] as unknown as tf.TensorContainer);
    params.dispose();
  });

  it('draws the dropout of the composed path: other seeds give other values', () => {
    const config: RimConfig = { inputSize: I, layers: [{ ...base, inputDropout: 0.5, commDropout: 0.5 }] };
    const params = new Parameters(new Rng(3));
    const rim = new Rim(params, config);
    const x = tf.randomNormal([T, B, I], 0, 1, 'float32', 1) as tf.Tensor3D;
    const a = rim.forward(x, { training: true, seed: 1 });
    const b = rim.forward(x, { training: true, seed: 2 });
    const a2 = rim.forward(x, { training: true, seed: 1 });
    expect(relDiff(a.outputs, b.outputs)).toBeGreaterThan(1e-3);
    expect(relDiff(a.outputs, a2.outputs)).toBe(0);
    expect(() => rim.forward(x, { training: true })).toThrow(ConfigError);
    expect(() => rim.forward(x, { training: true })).toThrow("Rim.forward: 'options.seed' is required when training with dropout, got undefined");
    const cell = rim.cells[0]!;
    expect(() => fusedRimSequence(cell, x, cell.initialState(B), { training: true, stepSeeds: [1, 2] })).toThrow(
      "fusedRimSequence: 'options.stepSeeds' must hold one seed per step (5) when training with dropout, got 2",
    );
    tf.dispose([a, b, a2, x] as unknown as tf.TensorContainer);
    params.dispose();
  });

  it('does not leak, in inference and in training', async () => {
    const params = new Parameters(new Rng(3));
    const rim = new Rim(params, { inputSize: I, layers: [base, { ...base, cell: 'gru' }] });
    const x = tf.randomNormal([T, B, I], 0, 1, 'float32', 1) as tf.Tensor3D;
    await expectNoLeak(() => tf.dispose(rim.forward(x)), { label: 'inference' });
    await expectNoLeak(() => tf.dispose(rim.forward(x, { training: true, seed: 4 })), { label: 'training forward' });
    await expectNoLeak(
      () => {
        const { value, grads } = tf.variableGrads(() => tf.sum(rim.forward(x, { training: true, seed: 4 }).outputs) as tf.Scalar, params.trainable());
        tf.dispose([value, grads] as unknown as tf.TensorContainer);
      },
      { label: 'training step' },
    );
    // A gradient that does not reach the op still frees what it kept.
    await expectNoLeak(
      () => {
        const w = params.trainable()[0]!;
        const { value, grads } = tf.variableGrads(() => {
          rim.forward(x, { training: true, seed: 4 });
          return tf.sum(w) as tf.Scalar;
        }, [w]);
        tf.dispose([value, grads] as unknown as tf.TensorContainer);
      },
      { label: 'unused op under a tape' },
    );
    x.dispose();
    params.dispose();
  });

  it('refuses a cell it does not cover, naming why; the layer then runs it composed', () => {
    const params = new Parameters(new Rng(3));
    const rim = new Rim(params, { inputSize: I, layers: [{ ...base, commTopK: 2 }] });
    const x = tf.randomNormal([T, B, I], 0, 1, 'float32', 1) as tf.Tensor3D;
    expect(() => fusedRimSequence(rim.cells[0]!, x, rim.cells[0]!.initialState(B))).toThrow(
      'fusedRimSequence: the fused kernel does not cover this cell: commTopK is 2 (the fused kernel has no sparse communication)',
    );
    const a = rim.forward(x);
    const b = rim.forward(x, { engine: 'composed' });
    expect(relDiff(a.outputs, b.outputs)).toBe(0);
    tf.dispose([a, b, x] as unknown as tf.TensorContainer);
    params.dispose();
  });
});
