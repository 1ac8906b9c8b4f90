import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createSequenceModel } from '@rimjs/rim';
import { runCli } from '../cli/run-cli.js';
import { readMetrics } from '../log/metrics-log.js';
import { PRESETS } from '../presets/presets.js';
import { resolveRunConfig } from '../presets/resolve-run-config.js';
import { CopyingRunner } from '../tasks/copying-runner.js';
import { captureIo } from '../testing/capture-io.js';
import { defaultGroups, gradientReport } from './gradient-norms.js';
import { gradientsRun, UnknownGroupError } from './gradients-run.js';

const freshDir = (name: string): string => join(mkdtempSync(join(tmpdir(), `trainer-${name}-`)), 'run');
const TINY = ['tiny', '--eval-every', '0', '--quiet'];

describe('gradient norms', () => {
  it("give the loss and norm the checkpoint's next training step logs, per model, and change nothing in the run", async () => {
    const four = freshDir('grad4');
    const five = freshDir('grad5');
    expect(await runCli([...TINY, '--steps', '4', '--out', four], captureIo())).toBe(0);
    expect(await runCli([...TINY, '--steps', '5', '--out', five], captureIo())).toBe(0);
    const ck = readFileSync(join(four, 'rim', 'checkpoint.safetensors'));
    const io = captureIo();
    const reports = await gradientsRun({ dir: four, out: io.out });
    expect(Object.keys(reports)).toEqual(['rim', 'lstm']);
    for (const model of ['rim', 'lstm']) {
      const next = readMetrics(join(five, model)).flatMap((e) => (e.type === 'train' && e.step === 5 ? [e] : []))[0]!;
      expect(reports[model]!.step).toBe(4);
      expect(reports[model]!.loss).toBe(next.loss);
      expect(reports[model]!.norm).toBeCloseTo(next.gradNorm, 5);
    }
    const rim = reports.rim!;
    expect(rim.switchedOff.map((s) => s.group)).toEqual(['rim.layer0.inputAttention', 'rim.layer0.cell', 'rim.layer0.communication']);
    for (const s of rim.switchedOff) expect(s.loss).not.toBe(rim.loss);
    expect(reports.lstm!.switchedOff).toEqual([]);
    expect(rim.parameters[0]!.norm).toBeGreaterThanOrEqual(rim.parameters.at(-1)!.norm);
    expect(Math.hypot(...rim.parameters.map((p) => p.norm))).toBeCloseTo(rim.norm, 6);
    expect(readFileSync(join(four, 'rim', 'checkpoint.safetensors')).equals(ck)).toBe(true);
    expect(io.text().out).toContain('[rim] the batch of step 5 (batch 8) from the checkpoint of step 4: loss');
    expect(io.text().out).toContain('switched off rim.layer0.communication: loss');

    const cli = captureIo();
    expect(await runCli(['gradients', four, '--zero', 'rim.layer0.communication.fc'], cli)).toBe(0);
    expect(cli.text().out).toContain('switched off rim.layer0.communication.fc: loss');
    expect(cli.text().out).toContain('[lstm] the batch of step 5');
    const thrown = await gradientsRun({ dir: four, zero: ['rim.layer9'], out: captureIo().out }).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(UnknownGroupError);
    expect((thrown as UnknownGroupError).detail).toMatch(/^'rim\.layer9' names no trainable parameter of rim or lstm/);
    expect((thrown as UnknownGroupError).message).toBe(`gradientsRun: zero: ${(thrown as UnknownGroupError).detail}`);
    const bad = captureIo();
    expect(await runCli(['gradients', four, '--zero', 'rim.layer9'], bad)).toBe(2);
    expect(bad.text().err).toContain("option '--zero': 'rim.layer9' names no trainable parameter of rim or lstm (groups: rim.layer0.inputAttention, rim.layer0.cell, rim.layer0.communication; or any parameter name or scope)");
  });

  it('restores every weight after switching parts off and leaves no tensors', async () => {
    await tf.setBackend('cpu');
    const run = resolveRunConfig(PRESETS.tiny!);
    const model = createSequenceModel(run.models[0]!.config);
    const task = new CopyingRunner(run.task as never);
    const batch = task.trainBatch(0, 8, 1);
    const before = model.params.entries().map(([, v]) => Array.from(v.dataSync()));
    const tensors = tf.memory().numTensors;
    const report = gradientReport(model, task, batch, defaultGroups(model.params.entries().map(([n]) => n)), { seed: 3 });
    expect(tf.memory().numTensors).toBe(tensors);
    expect(model.params.entries().map(([, v]) => Array.from(v.dataSync()))).toEqual(before);
    expect(report.switchedOff).toHaveLength(3);
    tf.dispose([batch.inputs, batch.targets]);
    model.dispose();
    task.dispose();
  });

  it('groups the parameters of every RIM layer, forward and backward', () => {
    expect(defaultGroups(['embedding.weight', 'rim.layer0.cell.weightIh', 'rim.layer0.communication.fc.bias', 'rim.layer1.inputAttention.key.weight', 'rim.backward.layer0.cell.weightHh', 'decoder.weight', 'lstm.weightIh'])).toEqual([
      'rim.layer0.cell', 'rim.layer0.communication', 'rim.layer1.inputAttention', 'rim.backward.layer0.cell',
    ]);
  });
});
