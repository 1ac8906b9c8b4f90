import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CheckpointError, ConfigError, serializeSafetensors } from '@rimjs/core';
import { useBackend } from '@rimjs/core/testing';
import { ModelRun } from './model-run.js';
import { resolvePlaygroundConfig } from './playground-config.js';
import { encodeWeights, loadWeights } from './weights-file.js';

const config = resolvePlaygroundConfig({ batch: 16, units: 4, topK: 2, hidden: 8, lr: 0.01 });

describe('ModelRun (the playground in Node)', () => {
  beforeAll(() => useBackend('wasm'));

  it('the RIM learns: loss falls over 30 steps; same seed, same losses; no tensors leak', () => {
    const before = tf.memory().numTensors;
    const a = new ModelRun('rim', config);
    const b = new ModelRun('rim', config);
    const la = Array.from({ length: 30 }, () => a.step());
    const lb = Array.from({ length: 30 }, () => b.step());
    expect(lb).toEqual(la);
    const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
    expect(mean(la.slice(-5))).toBeLessThan(0.8 * mean(la.slice(0, 5)));
    a.step();
    const tensors = tf.memory().numTensors;
    a.step();
    a.copyAccuracy();
    a.view();
    expect(tf.memory().numTensors).toBe(tensors);
    a.dispose();
    b.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('views one example: activity has topK units per step, attention is within [0, 1]', () => {
    const run = new ModelRun('rim', config);
    const v = run.view()!;
    const time = config.delay + 2 * config.symbols;
    expect(v.inputs).toHaveLength(time);
    expect(v.active).toHaveLength(time);
    expect(v.active.every((r) => r.reduce((s, x) => s + x, 0) === config.topK)).toBe(true);
    expect(v.attention.flat().every((x) => x >= 0 && x <= 1)).toBe(true);
    const lstm = new ModelRun('lstm', config);
    expect(lstm.view()).toBeNull();
    run.dispose();
    lstm.dispose();
  });

  it('weights round-trip through a file; foreign, mismatched and hostile files are refused and change nothing', async () => {
    const a = new ModelRun('rim', config);
    for (let i = 0; i < 3; i++) a.step();
    const bytes = await encodeWeights(a);
    const b = new ModelRun('rim', config);
    expect(loadWeights(b, bytes, 'rim.safetensors')).toBe(3);
    expect(b.copyAccuracy()).toBe(a.copyAccuracy());

    const lstm = new ModelRun('lstm', config);
    expect(() => loadWeights(lstm, bytes, 'rim.safetensors')).toThrow(/holds a rim model, this panel is the lstm/);
    const bigger = new ModelRun('rim', { ...config, hidden: 12 });
    const name = bigger.model.params.names().find((n) => n.endsWith('cell.weightHh'))!;
    expect(name).toBeDefined();
    const w0 = Array.from(bigger.model.params.get(name).dataSync());
    expect(() => loadWeights(bigger, bytes, 'rim.safetensors')).toThrow(/does not fit this rim.*must be/);
    expect(Array.from(bigger.model.params.get(name).dataSync())).toEqual(w0);

    const foreign = serializeSafetensors({ x: { dtype: 'F32', shape: [1], data: new Float32Array([1]) } }, { format: 'something-else' });
    expect(() => loadWeights(b, foreign, 'other.safetensors')).toThrow(/not a playground weights file/);
    const hostile = new Uint8Array(16);
    new DataView(hostile.buffer).setBigUint64(0, 1n << 40n, true); // a header "1 TB long"
    expect(() => loadWeights(b, hostile, 'evil.safetensors')).toThrow(CheckpointError);
    expect(() => loadWeights(b, new TextEncoder().encode('hello'), 'hello.txt')).toThrow(CheckpointError);
    for (const r of [a, b, lstm, bigger]) r.dispose();
  });

  it('refuses bad configs by field', () => {
    expect(() => resolvePlaygroundConfig({ topK: 6 })).toThrow(/topK.*must be below units \(6\), got 6/);
    expect(() => resolvePlaygroundConfig({ lr: -1 })).toThrow(ConfigError);
    expect(() => resolvePlaygroundConfig({ bogus: 1 } as never)).toThrow(ConfigError);
  });
});
