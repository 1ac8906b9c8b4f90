import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSequenceModel } from '@rimjs/rim';
import { createAdam } from '@rimjs/runkit';
import { readCheckpoint } from '../checkpoint/read-checkpoint.js';
import { runCli } from '../cli/run-cli.js';
import { readMetrics } from '../log/metrics-log.js';
import { PRESETS } from '../presets/presets.js';
import { resolveRunConfig } from '../presets/resolve-run-config.js';
import { CopyingRunner } from '../tasks/copying-runner.js';
import { captureIo } from '../testing/capture-io.js';
import { trainStep } from './train-step.js';

const run = resolveRunConfig(PRESETS.tiny!);
const freshDir = (name: string): string => join(mkdtempSync(join(tmpdir(), `trainer-${name}-`)), 'run');
const losses = (dir: string): number[] => readMetrics(join(dir, 'rim')).flatMap((e) => (e.type === 'train' ? [e.loss] : []));

describe('weight decay (AdamW)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });

  it('one step is the plain Adam step minus lr * weightDecay * w on every matrix; vectors take the plain step', () => {
    const task = new CopyingRunner(run.task as never);
    const [lr, weightDecay] = [0.01, 0.5];
    const after = (decay: boolean): { start: number[][]; end: number[][]; ranks: number[] } => {
      const model = createSequenceModel(run.models[0]!.config);
      const start = model.params.entries().map(([, v]) => Array.from(v.dataSync()));
      const batch = task.trainBatch(0, 8, 1);
      const opt = createAdam(lr);
      trainStep(model, opt, task, batch, { clip: 1, seed: 7, ...(decay ? { decay: { lr, weightDecay } } : {}) });
      const end = model.params.entries().map(([, v]) => Array.from(v.dataSync()));
      const ranks = model.params.entries().map(([, v]) => v.rank);
      tf.dispose([batch.inputs, batch.targets]);
      model.dispose();
      opt.dispose();
      return { start, end, ranks };
    };
    const plain = after(false);
    const before = tf.memory().numTensors;
    const decayed = after(true);
    expect(tf.memory().numTensors).toBe(before);
    expect(decayed.start).toEqual(plain.start); // the same seed, the same weights
    let matrices = 0;
    decayed.end.forEach((values, p) => {
      if (decayed.ranks[p]! >= 2) {
        matrices += 1;
        values.forEach((x, i) => expect(x).toBeCloseTo(plain.end[p]![i]! - lr * weightDecay * plain.start[p]![i]!, 6));
      } else {
        expect(values).toEqual(plain.end[p]);
      }
    });
    expect(matrices).toBeGreaterThan(3);
    task.dispose();
  });

  it('--weight-decay is kept in run.json and the checkpoint, changes the losses after the first update, and cannot change on resume', async () => {
    const base = ['tiny', '--model', 'rim', '--steps', '6', '--lr', '0.01', '--eval-every', '0', '--quiet'];
    const plain = freshDir('plain');
    expect(await runCli([...base, '--out', plain], captureIo())).toBe(0);
    const decayed = freshDir('wd');
    expect(await runCli([...base, '--weight-decay', '2', '--out', decayed], captureIo())).toBe(0);
    expect(JSON.parse(readFileSync(join(decayed, 'run.json'), 'utf8')).train.weightDecay).toBe(2);
    expect((await readCheckpoint(join(decayed, 'rim', 'checkpoint.safetensors'))).meta.identity.weightDecay).toBe(2);
    expect((await readCheckpoint(join(plain, 'rim', 'checkpoint.safetensors'))).meta.identity).not.toHaveProperty('weightDecay');
    const [a, b] = [losses(plain), losses(decayed)];
    expect(b[0]).toBe(a[0]);
    expect(b[5]).not.toBe(a[5]);

    const changed = captureIo();
    expect(await runCli(['--resume', decayed, '--weight-decay', '0'], changed)).toBe(2);
    expect(changed.text().err).toContain("option '--weight-decay' cannot change a resumed run");
    const negative = captureIo();
    expect(await runCli(['tiny', '--weight-decay', '-1'], negative)).toBe(2);
    expect(negative.text().err).toContain("option '--weight-decay <x>' argument '-1' is invalid. expected a number >= 0, got '-1'");
  });
});
