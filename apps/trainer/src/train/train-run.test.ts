import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { NumericError } from '@rimjs/core';
import { createSequenceModel, type SequenceModel, type SequenceModelConfig } from '@rimjs/rim';
import { runCli } from '../cli/run-cli.js';
import { readCheckpoint } from '../checkpoint/read-checkpoint.js';
import { readMetrics, type MetricsEntry } from '../log/metrics-log.js';
import { PRESETS } from '../presets/presets.js';
import { resolveRunConfig } from '../presets/resolve-run-config.js';
import { captureIo } from '../testing/capture-io.js';
import type { ModelSummary } from './train-model.js';
import { trainRun, type RunSummary } from './train-run.js';

const losses = (entries: MetricsEntry[]): number[] => entries.flatMap((e) => (e.type === 'train' ? [e.loss] : []));
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

describe('pnpm train tiny', () => {
  it('trains RIM and LSTM for a few steps; the loss falls; the run folder has every file', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'trainer-run-')), 'run');
    const io = captureIo();
    await tf.setBackend('cpu');
    const tensors = tf.memory().numTensors;
    expect(await runCli(['tiny', '--out', dir, '--quiet'], io)).toBe(0);
    expect(tf.memory().numTensors).toBe(tensors); // models, optimizers, batches and evaluation sets all freed
    const out = io.text().out;
    expect(out).toContain('| test.T12.ceLast3 |');
    expect(out).toMatch(/\ntest\.T12\.ceLast3: rim \d+\.\d{4}, lstm \d+\.\d{4}\ntest\.T12\.ceAll: rim \d+\.\d{4}, lstm \d+\.\d{4}\n/);
    for (const model of ['rim', 'lstm']) {
      const entries = readMetrics(join(dir, model));
      const l = losses(entries);
      expect(l).toHaveLength(12);
      expect(mean(l.slice(-3))).toBeLessThan(0.8 * mean(l.slice(0, 3)));
      expect(entries.filter((e) => e.type === 'eval').map((e) => (e.type === 'eval' ? `${e.phase}${e.step}` : ''))).toEqual(['periodic6', 'final12']);
      const ck = await readCheckpoint(join(dir, model, 'checkpoint.safetensors'));
      expect(ck.meta.step).toBe(12);
      expect(readFileSync(join(dir, model, 'metrics.csv'), 'utf8').startsWith('type,step,name,value\ntrain,1,loss,')).toBe(true);
    }
    const summary = readJson<RunSummary>(join(dir, 'summary.json'));
    expect(summary).toMatchObject({ format: 'rimjs-trainer-summary/1', preset: 'tiny', completed: true, interrupted: false, headline: 'test.T12.ceLast3' });
    expect(summary.wallTimeSec).toBeGreaterThan(0);
    expect(Object.keys(summary.models.rim!.metrics)).toEqual([
      'train.T6.ceLast3', 'train.T6.ceAll', 'train.T6.accLast3', 'test.T12.ceLast3', 'test.T12.ceAll', 'test.T12.accLast3',
    ]);
    expect(summary.config.models.map((m) => m.name)).toEqual(['rim', 'lstm']);
    for (const f of ['run.json', 'report.md', 'learning-curves.svg', 'activity-rim-train.svg', 'activity-rim-test.svg', 'rim/activity-test.json']) {
      expect(existsSync(join(dir, f)), f).toBe(true);
    }
    expect(existsSync(join(dir, 'activity-lstm-train.svg'))).toBe(false);

    // before `eval`, the report names the command with the run's path relative to where it was started, never this machine's absolute path
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toContain(`Run \`pnpm train eval ${relative(process.env.INIT_CWD ?? process.cwd(), dir)}\` for every out-of-distribution length`);
    const evalIo = captureIo();
    expect(await runCli(['eval', dir], evalIo)).toBe(0);
    expect(evalIo.text().out).toContain('| test.T24.ceLast3 |');
    const ev = readJson<{ models: Record<string, { step: number; metrics: Record<string, number> }> }>(join(dir, 'eval.json'));
    expect(ev.models.rim!.step).toBe(12);
    expect(ev.models.lstm!.metrics['test.T12.ceLast3']).toBeCloseTo(summary.models.lstm!.metrics['test.T12.ceLast3']!, 5);
    const report = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(report).toContain('From `pnpm train eval`');
    // the RIM's memory census at every delay; the LSTM has no masks, so none
    const census = (ev.models.rim as unknown as { census: Array<{ delay: number; sequences: number; formed: number }> }).census;
    expect(census.map((c) => c.delay)).toEqual([6, 12, 24]);
    for (const c of census) {
      expect(c.sequences).toBe(summary.config.train.finalEvalSize);
      expect(c.formed).toBeGreaterThanOrEqual(0);
      expect(c.formed).toBeLessThanOrEqual(1);
    }
    expect(ev.models.lstm).not.toHaveProperty('census');
    expect(report).toContain('### Memory census');
    expect(report).toMatch(/\| rim +\| T = 24 +\|/);
  });
});

describe('a NaN loss', () => {
  it('stops the run with a NumericError and keeps the last good checkpoint', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'trainer-nan-')), 'run');
    const run = resolveRunConfig(PRESETS.tiny!, { models: ['rim'], train: { checkpointEvery: 2, evalEvery: 0 } });
    // The real model, whose training loss turns NaN at the 6th step.
    const poisoned = (config: SequenceModelConfig): SequenceModel => {
      const model = createSequenceModel(config);
      let calls = 0;
      return {
        ...model,
        forward(inputs, options) {
          const out = model.forward(inputs, options);
          if (!options?.training || ++calls < 6) return out;
          const logits = tf.tidy(() => tf.mul(out.logits, Number.NaN) as tf.Tensor3D);
          out.logits.dispose();
          return { ...out, logits };
        },
      };
    };
    const io = captureIo();
    const failure = trainRun({ run, dir, resume: false, quiet: true, out: io.out, createModel: poisoned });
    await expect(failure).rejects.toThrow(NumericError);
    await expect(failure).rejects.toThrow(`rim: at step 6 the loss is NaN; training stopped and nothing was updated; the last good checkpoint (step 4) is kept in ${join(dir, 'rim', 'checkpoint.safetensors')}`);
    expect((await readCheckpoint(join(dir, 'rim', 'checkpoint.safetensors'))).meta.step).toBe(4);
    const entries = readMetrics(join(dir, 'rim'));
    expect(losses(entries)).toHaveLength(5);
    expect(entries.at(-1)).toMatchObject({ type: 'stop', step: 5, reason: 'numeric' });
    expect(readJson<ModelSummary>(join(dir, 'rim', 'summary.json'))).toMatchObject({ completed: false, steps: 5, error: expect.stringContaining('the loss is NaN') });
    expect(readJson<RunSummary>(join(dir, 'summary.json'))).toMatchObject({ completed: false, error: expect.stringContaining('the loss is NaN') });
  });
});

/** Every file under `dir` with its bytes. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[p] = readFileSync(p).toString('base64');
    }
  };
  walk(dir);
  return out;
}

describe('a corrupt checkpoint on --resume', () => {
  it('is refused with a CheckpointError (exit 1) and nothing in the run folder changes', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'trainer-corrupt-')), 'run');
    expect(await runCli(['tiny', '--model', 'lstm', '--steps', '8', '--out', dir, '--quiet'], captureIo())).toBe(0);
    const path = join(dir, 'lstm', 'checkpoint.safetensors');
    const bytes = readFileSync(path);
    for (const broken of [bytes.subarray(0, bytes.length - 100), Buffer.concat([Buffer.from([0xff, 0xff]), bytes.subarray(2)])]) {
      writeFileSync(path, broken);
      const before = snapshot(dir);
      const io = captureIo();
      expect(await runCli(['--resume', dir, '--steps', '12', '--quiet'], io)).toBe(1);
      expect(io.text().err).toMatch(new RegExp(`^error: CheckpointError: readSafetensorsFile: ${path}: `));
      expect(snapshot(dir)).toEqual(before);
    }
  });
});
