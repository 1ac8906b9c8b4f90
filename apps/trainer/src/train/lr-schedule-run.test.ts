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

  it('a constant run goes on into wsd\'s decay exactly as a straight wsd run, and not where the decay would rewrite steps it trained', async () => {
    const base = ['tiny', '--model', 'rim', '--lr', '0.01', '--quiet'];
    const straight = freshDir('wsd');
    expect(await runCli([...base, '--steps', '16', '--lr-schedule', 'wsd', '--decay-steps', '4', '--out', straight], captureIo())).toBe(0);
    const lines = trainLines(straight);
    const wsd = { lr: 0.01, schedule: 'wsd', warmupSteps: 0, steps: 16, decaySteps: 4 } as const;
    expect(lines.map((l) => l.lr)).toEqual(Array.from({ length: 16 }, (_, s) => learningRateAt(wsd, s)));
    expect(lines.slice(0, 13).every((l) => l.lr === 0.01)).toBe(true);
    expect(lines[15]!.lr).toBeCloseTo(0.0025, 15);

    const continued = freshDir('constant-then-wsd');
    expect(await runCli([...base, '--steps', '12', '--out', continued], captureIo())).toBe(0);
    expect(await runCli(['--resume', continued, '--steps', '16', '--lr-schedule', 'wsd', '--decay-steps', '4', '--quiet'], captureIo())).toBe(0);
    expect(trainLines(continued)).toEqual(lines); // losses, gradient norms and rates bit for bit
    const ck = await readCheckpoint(join(continued, 'rim', 'checkpoint.safetensors'));
    expect(ck.meta.identity.lrSchedule).toEqual({ schedule: 'wsd', warmupSteps: 0, steps: 16, decaySteps: 4 });

    const early = freshDir('constant-then-early-decay');
    expect(await runCli([...base, '--steps', '12', '--out', early], captureIo())).toBe(0);
    const io = captureIo();
    expect(await runCli(['--resume', early, '--steps', '16', '--lr-schedule', 'wsd', '--decay-steps', '8', '--quiet'], io)).toBe(1); // the decay from step 8 would change steps 9-11
    expect(io.text().err).toMatch(/CheckpointError.*lrSchedule/s);
    expect(trainLines(early)).toHaveLength(12); // nothing trained

    const misuse = captureIo();
    expect(await runCli(['tiny', '--decay-steps', '4', '--out', freshDir('decay-constant')], misuse)).toBe(2);
    expect(misuse.text().err).toContain('tiny.train.decaySteps: applies to the wsd schedule only (--lr-schedule wsd), got 4 with constant');
    const none = captureIo();
    expect(await runCli(['tiny', '--lr-schedule', 'wsd', '--out', freshDir('wsd-none')], none)).toBe(2);
    expect(none.text().err).toContain('tiny.train.decaySteps: must be an integer in [1, train.steps - train.warmupSteps = 12], got undefined');
  });

  it('refuses an unknown schedule and a warm-up as long as the run', async () => {
    const bad = captureIo();
    expect(await runCli(['tiny', '--lr-schedule', 'linear'], bad)).toBe(2);
    expect(bad.text().err).toContain("option '--lr-schedule <kind>' argument 'linear' is invalid. expected constant, cosine, wsd, got 'linear'");
    const long = captureIo();
    expect(await runCli(['tiny', '--steps', '12', '--warmup-steps', '12', '--out', freshDir('warmup')], long)).toBe(2);
    expect(long.text().err).toContain('tiny.train.warmupSteps: must be an integer in [0, train.steps - 1 = 11], got 12');
  });
});
