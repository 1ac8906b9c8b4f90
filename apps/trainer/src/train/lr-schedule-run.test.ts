import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { learningRateAt } from '@rimjs/runkit';
import { runCli } from '../cli/run-cli.js';
import { readCheckpoint } from '../checkpoint/read-checkpoint.js';
import { readMetrics, type MetricsEntry } from '../log/metrics-log.js';
import { captureIo } from '../testing/capture-io.js';
import { signalChild } from '../testing/signal-child.js';

const cosine = (steps: number): string[] => ['tiny', '--model', 'rim', '--steps', `${steps}`, '--lr', '0.01', '--lr-schedule', 'cosine', '--warmup-steps', '3', '--quiet'];
const COSINE = cosine(16);

/** The training lines of the run's RIM: `{ step, loss, gradNorm, lr }`. */
const trainLines = (dir: string): Array<Extract<MetricsEntry, { type: 'train' }>> =>
  readMetrics(join(dir, 'rim')).flatMap((e) => (e.type === 'train' ? [{ ...e, elapsedSec: 0 }] : []));

const freshDir = (name: string): string => join(mkdtempSync(join(tmpdir(), `trainer-${name}-`)), 'run');

describe('a learning-rate schedule', () => {
  it('sets every update to learningRateAt, changes the losses, and resumes to a straight run exactly', async () => {
    const straight = freshDir('cosine');
    expect(await runCli([...COSINE, '--out', straight], captureIo())).toBe(0);
    const lines = trainLines(straight);
    const schedule = { lr: 0.01, schedule: 'cosine', warmupSteps: 3, steps: 16 } as const;
    expect(lines.map((l) => l.lr)).toEqual(Array.from({ length: 16 }, (_, s) => learningRateAt(schedule, s)));
    expect(lines[0]!.lr).toBeCloseTo(0.01 / 3, 12);
    expect(lines[15]!.lr).toBeLessThan(1e-3);

    const constant = freshDir('constant');
    expect(await runCli(['tiny', '--model', 'rim', '--steps', '16', '--lr', '0.01', '--quiet', '--out', constant], captureIo())).toBe(0);
    const flat = trainLines(constant);
    expect(flat.every((l) => l.lr === 0.01)).toBe(true);
    expect(flat[0]!.loss).toBe(lines[0]!.loss); // same weights and batch before the first update
    expect(flat[5]!.loss).not.toBe(lines[5]!.loss);

    const killed = freshDir('cosine-kill');
    await signalChild([...COSINE, '--out', killed], 'SIGKILL', join(killed, 'rim', 'checkpoint.safetensors'));
    const ck = await readCheckpoint(join(killed, 'rim', 'checkpoint.safetensors'));
    expect(ck.meta.step).toBeLessThan(16);
    expect(ck.meta.identity.lrSchedule).toEqual({ schedule: 'cosine', warmupSteps: 3, steps: 16 });
    expect(await runCli(['--resume', killed, '--quiet'], captureIo())).toBe(0);
    expect(trainLines(killed)).toEqual(lines); // losses, gradient norms and rates bit for bit
  });

  it('a cosine run resumes only to the length its rates were drawn for', async () => {
    const dir = freshDir('cosine-longer');
    expect(await runCli([...cosine(8), '--out', dir], captureIo())).toBe(0);
    const io = captureIo();
    expect(await runCli(['--resume', dir, '--steps', '12', '--quiet'], io)).toBe(1);
    expect(io.text().err).toMatch(/CheckpointError.*lrSchedule/s);
  });

  it('refuses an unknown schedule and a warm-up as long as the run', async () => {
    const bad = captureIo();
    expect(await runCli(['tiny', '--lr-schedule', 'linear'], bad)).toBe(2);
    expect(bad.text().err).toContain("option '--lr-schedule <kind>' argument 'linear' is invalid. expected constant or cosine, got 'linear'");
    const long = captureIo();
    expect(await runCli(['tiny', '--steps', '12', '--warmup-steps', '12', '--out', freshDir('warmup')], long)).toBe(2);
    expect(long.text().err).toContain('tiny.train.warmupSteps: must be an integer in [0, train.steps - 1 = 11], got 12');
  });
});
