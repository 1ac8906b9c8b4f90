import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { readCheckpoint } from '../checkpoint/read-checkpoint.js';
import { readMetrics, type MetricsEntry } from '../log/metrics-log.js';
import { captureIo } from '../testing/capture-io.js';
import type { RunSummary } from './train-run.js';

const APP = fileURLToPath(new URL('../..', import.meta.url));
const ARGS = ['tiny', '--model', 'rim', '--steps', '16', '--quiet'];

/** `[step, loss, gradNorm]` of every training line. */
const trainLines = (dir: string): Array<[number, number, number]> =>
  readMetrics(join(dir, 'rim')).flatMap((e: MetricsEntry) => (e.type === 'train' ? [[e.step, e.loss, e.gradNorm] as [number, number, number]] : []));

/** Runs the CLI in a child process; `signal` is sent once the first checkpoint exists. */
function child(args: string[], signal: NodeJS.Signals, dir: string): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--conditions=@rimjs/source', '--import', 'tsx', 'src/cli.ts', ...args], { cwd: APP, stdio: 'ignore' });
    const poll = setInterval(() => {
      if (existsSync(join(dir, 'rim', 'checkpoint.safetensors'))) {
        clearInterval(poll);
        p.kill(signal);
      }
    }, 5);
    p.on('error', reject);
    p.on('exit', (code) => {
      clearInterval(poll);
      resolve(code);
    });
  });
}

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
    await child([...ARGS, '--out', dir], 'SIGKILL', dir);
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
    expect(await child([...ARGS, '--out', dir], 'SIGINT', dir)).toBe(130);
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
