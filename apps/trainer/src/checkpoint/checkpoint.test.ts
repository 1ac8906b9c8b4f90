import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CheckpointError, parseSafetensors, serializeSafetensors } from '@rimjs/core';
import { createSequenceModel, type SequenceModel } from '@rimjs/rim';
import { PRESETS } from '../presets/presets.js';
import { resolveRunConfig } from '../presets/resolve-run-config.js';
import { identityOf } from '../run/identity.js';
import { CopyingRunner } from '../tasks/copying-runner.js';
import { trainStep } from '../train/train-step.js';
import { createAdam } from '@rimjs/runkit';
import { CHECKPOINT_FILE } from './checkpoint-format.js';
import { checkCheckpoint, loadCheckpoint, readCheckpoint } from './read-checkpoint.js';
import { writeCheckpoint } from './write-checkpoint.js';

const run = resolveRunConfig(PRESETS.tiny!);
const rim = run.models[0]!;
const identity = identityOf(run, rim);
const task = new CopyingRunner(run.task as never);

function step(model: SequenceModel, opt: tf.AdamOptimizer, s: number): number {
  const batch = task.trainBatch(s, 8, 1);
  try {
    return trainStep(model, opt, task, batch, { clip: 1, seed: 100 + s }).loss;
  } finally {
    tf.dispose([batch.inputs, batch.targets]);
  }
}

const values = (m: SequenceModel): number[][] => m.params.entries().map(([, v]) => Array.from(v.dataSync()));

describe('checkpoints', () => {
  let dir: string;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
    dir = mkdtempSync(join(tmpdir(), 'trainer-ck-'));
  });

  it('round-trips params and Adam state: the next step is identical, bit for bit', async () => {
    const a = createSequenceModel(rim.config);
    const optA = createAdam(0.01);
    for (let s = 0; s < 3; s++) step(a, optA, s);
    await writeCheckpoint(dir, a, optA, { step: 3, elapsedSec: 1.5, identity });
    const ck = await readCheckpoint(join(dir, CHECKPOINT_FILE));
    expect(ck.meta).toMatchObject({ format: 'rimjs-trainer-checkpoint/1', step: 3, elapsedSec: 1.5, identity, rng: { seed: 1, nextStep: 3 } });
    expect([...ck.file.tensors.keys()].filter((k) => k.startsWith('optimizer.') && !k.includes('.m.') && !k.includes('.v.')).sort()).toEqual([
      'optimizer.accBeta1',
      'optimizer.accBeta2',
      'optimizer.iterations',
    ]);
    expect(ck.file.tensors.get('optimizer.iterations')!.data[0]).toBe(3);
    expect(ck.file.tensors.get('optimizer.accBeta1')!.data[0]).toBeCloseTo(0.9 ** 4, 6); // beta1^(t+1), as tfjs keeps it

    const b = createSequenceModel(rim.config);
    const optB = createAdam(0.01);
    const fresh = values(b);
    await loadCheckpoint(ck, b, identity, optB);
    expect(values(b)).toEqual(values(a));
    expect(values(b)).not.toEqual(fresh);
    const before = tf.memory().numTensors;
    const la = step(a, optA, 3);
    const lb = step(b, optB, 3);
    expect(lb).toBe(la);
    expect(values(b)).toEqual(values(a));
    expect(tf.memory().numTensors).toBe(before);
    optA.dispose();
    optB.dispose();
    a.dispose();
    b.dispose();
  });

  it('refuses a truncated or corrupt file with a CheckpointError', async () => {
    const path = join(dir, CHECKPOINT_FILE);
    const bytes = readFileSync(path);
    const truncated = join(dir, 'truncated.safetensors');
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expect(readCheckpoint(truncated)).rejects.toThrow(CheckpointError);
    await expect(readCheckpoint(truncated)).rejects.toThrow(/truncated\.safetensors: .*ends past the \d+-byte data buffer/);
    const corrupt = join(dir, 'corrupt.safetensors');
    const copy = Buffer.from(bytes);
    copy[9] = 0x7b ^ 0xff; // the header's JSON no longer starts with '{'
    writeFileSync(corrupt, copy);
    await expect(readCheckpoint(corrupt)).rejects.toThrow(CheckpointError);
    await expect(readCheckpoint(join(dir, 'missing.safetensors'))).rejects.toThrow(/cannot read/);
    const foreign = join(dir, 'foreign.safetensors');
    writeFileSync(foreign, serializeSafetensors({ w: { dtype: 'F32', shape: [1], data: [1] } }, { format: 'something-else' }));
    await expect(readCheckpoint(foreign)).rejects.toThrow(`readCheckpoint: ${foreign}: metadata 'format' must be "rimjs-trainer-checkpoint/1", got "something-else"`);
  });

  it('refuses a checkpoint of another run or one that does not fit the model', async () => {
    const ck = await readCheckpoint(join(dir, CHECKPOINT_FILE));
    const model = createSequenceModel(rim.config);
    expect(() => checkCheckpoint(ck, model, { ...identity, lr: 0.5 })).toThrow(/was written by a different run: lr: checkpoint 0.01, run 0.5/);
    const file = parseSafetensors(readFileSync(join(dir, CHECKPOINT_FILE)));
    file.tensors.delete('model.decoder.bias');
    file.tensors.set('model.extra', { dtype: 'F32', shape: [2], data: new Float32Array(2) });
    const path = join(dir, 'tampered.safetensors');
    writeFileSync(path, serializeSafetensors(file.tensors, file.metadata));
    const tampered = await readCheckpoint(path);
    expect(() => checkCheckpoint(tampered, model, identity)).toThrow(`checkCheckpoint: ${path} does not fit the model: missing 'model.decoder.bias'; unexpected 'model.extra'`);
    const snapshot = values(model);
    await expect(loadCheckpoint(tampered, model, identity, null)).rejects.toThrow(CheckpointError);
    expect(values(model)).toEqual(snapshot); // nothing assigned
    model.dispose();
  });
});
