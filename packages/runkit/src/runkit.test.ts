import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CheckpointError, ConfigError, normal, Parameters, Rng } from '@rimjs/core';
import { useBackend } from '@rimjs/core/testing';
import { checkCheckpoint, createAdam, loadCheckpoint, readCheckpoint, readJsonIfExists, summarize, writeCheckpoint, writeJson } from './index.js';

function model(seed: number): Parameters {
  const p = new Parameters(new Rng(seed));
  p.add('a', [3, 2], normal());
  p.add('b', [2], normal());
  return p;
}

/** One Adam step on a fixed quadratic loss; returns the loss. */
function step(p: Parameters, opt: tf.AdamOptimizer): number {
  const vars = p.trainable();
  const target = tf.tensor1d([1, -1]);
  const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(tf.sub(tf.matMul(tf.ones([1, 3]), vars[0]!).reshape([2]), tf.add(target, vars[1]!)))) as tf.Scalar, vars);
  opt.applyGradients(grads as tf.NamedTensorMap as Record<string, tf.Variable>);
  const loss = value.dataSync()[0]!;
  tf.dispose([value, target, ...Object.values(grads)]);
  return loss;
}

describe('runkit checkpoints', () => {
  let dir: string;
  beforeAll(async () => {
    await useBackend('cpu');
    dir = mkdtempSync(join(tmpdir(), 'runkit-'));
  });

  it('round-trips parameters and Adam: the resumed run continues bit for bit', async () => {
    const a = model(1);
    const optA = createAdam(0.05);
    for (let i = 0; i < 3; i++) step(a, optA);
    const path = join(dir, 'ck.safetensors');
    await writeCheckpoint(path, a, optA, { format: 'test/1', step: 3, elapsedSec: 2.5, identity: { seed: 1 }, extra: { note: { x: 1 } } });
    const ck = await readCheckpoint<{ seed: number }>(path, 'test/1');
    expect(ck).toMatchObject({ step: 3, elapsedSec: 2.5, identity: { seed: 1 }, extra: { note: { x: 1 } } });
    const b = model(2);
    const optB = createAdam(0.05);
    await loadCheckpoint(ck, b, { seed: 1 }, optB);
    const next = [step(a, optA), step(a, optA)];
    expect([step(b, optB), step(b, optB)]).toEqual(next);
    expect(Array.from(b.get('a').dataSync())).toEqual(Array.from(a.get('a').dataSync()));
    a.dispose();
    b.dispose();
  });

  it('writes parameters alone when given no optimizer, and refuses to load an optimizer from it', async () => {
    const a = model(1);
    const path = join(dir, 'weights.safetensors');
    await writeCheckpoint(path, a, null, { format: 'test/1', step: 0, elapsedSec: 0, identity: 'x' });
    const ck = await readCheckpoint(path, 'test/1');
    expect([...ck.file.tensors.keys()].sort()).toEqual(['model.a', 'model.b']);
    await expect(loadCheckpoint(ck, a, 'x', createAdam(0.1))).rejects.toThrow(/holds no optimizer state/);
    await loadCheckpoint(ck, a, 'x', null);
    a.dispose();
  });

  it('names every difference: format, identity, shapes, unknown tensors; assigns nothing', async () => {
    const a = model(1);
    const path = join(dir, 'id.safetensors');
    await writeCheckpoint(path, a, null, { format: 'test/1', step: 1, elapsedSec: 0, identity: { seed: 1, lr: 0.1 } });
    await expect(readCheckpoint(path, 'other/1')).rejects.toThrow(/'format' must be "other\/1", got "test\/1"/);
    const ck = await readCheckpoint(path, 'test/1');
    expect(() => checkCheckpoint(ck, a, { seed: 2, lr: 0.1 })).toThrow(/seed: checkpoint 1, run 2/);
    const other = new Parameters(new Rng(3));
    other.add('a', [2, 2], normal());
    other.add('c', [1], normal());
    const before = Array.from(other.get('a').dataSync());
    await expect(loadCheckpoint(ck, other, { seed: 1, lr: 0.1 }, null)).rejects.toThrow(CheckpointError);
    expect(() => checkCheckpoint(ck, other, { seed: 1, lr: 0.1 })).toThrow(/'model.a' must be \[2, 2\], got \[3, 2\].*missing 'model.c'.*unexpected 'model.b'/);
    expect(Array.from(other.get('a').dataSync())).toEqual(before);
    a.dispose();
    other.dispose();
  });

  it('refuses a reserved extra key and a truncated file', async () => {
    const a = model(1);
    await expect(writeCheckpoint(join(dir, 'r.safetensors'), a, null, { format: 't/1', step: 0, elapsedSec: 0, identity: 1, extra: { step: 2 } })).rejects.toThrow(/'step' is reserved/);
    const path = join(dir, 'cut.safetensors');
    await writeCheckpoint(path, a, null, { format: 't/1', step: 0, elapsedSec: 0, identity: 1 });
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, bytes.length - 5));
    await expect(readCheckpoint(path, 't/1')).rejects.toThrow(CheckpointError);
    a.dispose();
  });

  it('does not leak tensors over write and load', async () => {
    const a = model(1);
    const opt = createAdam(0.05);
    step(a, opt);
    const path = join(dir, 'leak.safetensors');
    await writeCheckpoint(path, a, opt, { format: 't/1', step: 1, elapsedSec: 0, identity: 1 });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      await writeCheckpoint(path, a, opt, { format: 't/1', step: 1, elapsedSec: 0, identity: 1 });
      await loadCheckpoint(await readCheckpoint(path, 't/1'), a, 1, opt);
    }
    expect(tf.memory().numTensors).toBe(before);
    a.dispose();
    opt.dispose();
  });
});

describe('writeJson', () => {
  it('leaves the file whole and no temporary behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'runkit-json-'));
    writeJson(join(dir, 'sub', 'a.json'), { x: [1, 2] });
    expect(JSON.parse(readFileSync(join(dir, 'sub', 'a.json'), 'utf8'))).toEqual({ x: [1, 2] });
    expect(readdirSync(join(dir, 'sub'))).toEqual(['a.json']);
  });
});

describe('readJsonIfExists', () => {
  it('reads back what writeJson wrote, and null where no file is', () => {
    const dir = mkdtempSync(join(tmpdir(), 'runkit-json-'));
    writeJson(join(dir, 'a.json'), { x: [1, 2], y: 'z' });
    expect(readJsonIfExists<{ x: number[] }>(join(dir, 'a.json'))).toEqual({ x: [1, 2], y: 'z' });
    expect(readJsonIfExists(join(dir, 'missing.json'))).toBeNull();
  });
  it('refuses a file that is not JSON with a ConfigError naming its path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'runkit-json-'));
    const path = join(dir, 'bad.json');
    writeFileSync(path, '{"x": [1, 2');
    expect(() => readJsonIfExists(path)).toThrow(ConfigError);
    expect(() => readJsonIfExists(path)).toThrow(`readJsonIfExists: ${path} is not JSON`);
  });
});

describe('summarize', () => {
  it('gives mean, sample std and a Student-t 95% half-width', () => {
    const s = summarize([1, 2, 3, 4]);
    expect(s.mean).toBe(2.5);
    expect(s.std).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(s.ci95).toBeCloseTo((3.182 * Math.sqrt(5 / 3)) / 2, 12);
    expect(summarize([7])).toMatchObject({ n: 1, mean: 7, std: 0, ci95: 0 });
  });
  it('refuses empty and non-finite input by name', () => {
    expect(() => summarize([])).toThrow(ConfigError);
    expect(() => summarize([1, Number.NaN])).toThrow(/values\[1\] must be finite, got NaN/);
  });
});
