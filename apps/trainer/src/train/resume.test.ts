import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { readCheckpoint } from '../checkpoint/read-checkpoint.js';
import { readMetrics, type MetricsEntry } from '../log/metrics-log.js';
import { captureIo } from '../testing/capture-io.js';
import { signalChild } from '../testing/signal-child.js';
import type { RunSummary } from './train-run.js';

const ARGS = ['tiny', '--model', 'rim', '--steps', '16', '--quiet'];

/** `[step, loss, gradNorm]` of every training line. */
const trainLines = (dir: string): Array<[number, number, number]> =>
  readMetrics(join(dir, 'rim')).flatMap((e: MetricsEntry) => (e.type === 'train' ? [[e.step, e.loss, e.gradNorm] as [number, number, number]] : []));

async function straightRun(): Promise<string> {
  const dir = join(mkdtempSync(join(tmpdir(), 'trainer-straight-')), 'run');
  expect(await runCli([...ARGS, '--out', dir], captureIo())).toBe(0);
  return dir;
}

async function resume(dir: string): Promise<void> {
  const io = captureIo();
  expect(await runCli(['--resume', dir, '--quiet'], io)).toBe(0);
  expect(io.text().out).toMatch(/\[rim\] resuming at step \d+ of 16/);
}

describe('resume', () => {
  let straight: string;
  beforeAll(async () => {
    straight = await straightRun();
  });

  it('after a kill -9 continues to the same losses as a straight run', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'trainer-kill-')), 'run');
    await signalChild([...ARGS, '--out', dir], 'SIGKILL', join(dir, 'rim', 'checkpoint.safetensors'));
    const ck = await readCheckpoint(join(dir, 'rim', 'checkpoint.safetensors'));
    expect(ck.meta.step).toBeGreaterThan(0);
    expect(ck.meta.step).toBeLessThan(16); // killed mid-run
    await resume(dir);
    const lines = trainLines(dir);
    expect(lines.map(([s]) => s)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(lines).toEqual(trainLines(straight)); // exact: losses and gradient norms bit for bit
    const final = (d: string): unknown => JSON.parse(readFileSync(join(d, 'summary.json'), 'utf8')).models.rim.metrics;
    expect(final(dir)).toEqual(final(straight));
  });

  it('SIGINT saves a checkpoint at the step reached, writes the summary and exits 130; the resumed run matches', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'trainer-sigint-')), 'run');
    expect(await signalChild([...ARGS, '--out', dir], 'SIGINT', join(dir, 'rim', 'checkpoint.safetensors'))).toBe(130);
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as RunSummary;
    expect(summary).toMatchObject({ interrupted: true, completed: false, models: { rim: { interrupted: true, signal: 'SIGINT' } } });
    const stopped = summary.models.rim!.steps;
    expect((await readCheckpoint(join(dir, 'rim', 'checkpoint.safetensors'))).meta.step).toBe(stopped);
    expect(trainLines(dir).at(-1)![0]).toBe(stopped);
    expect(readMetrics(join(dir, 'rim')).at(-1)).toMatchObject({ type: 'stop', step: stopped, reason: 'SIGINT' });
    await resume(dir);
    expect(trainLines(dir)).toEqual(trainLines(straight));
  });
});
