import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useBackend } from '@rimjs/core/testing';
import { createProgress } from '@rimjs/runkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { orderJobs } from './parallel-runs.js';
import { PRESETS } from './presets.js';
import { type RunRecord, runModel } from './run-model.js';

const APP = fileURLToPath(new URL('..', import.meta.url));
const quiet = () => createProgress({ quiet: true, logEvery: 1000, out: { write: () => true } as never });

/** The CLI in a child process: exit code and output. */
function cli(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--conditions=@rimjs/source', '--import', 'tsx', 'src/cli.ts', ...args], { cwd: APP, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    p.stdout.on('data', (c: Buffer) => (output += c.toString()));
    p.stderr.on('data', (c: Buffer) => (output += c.toString()));
    p.on('close', (code) => resolve({ code, output }));
  });
}

const curveOf = (r: RunRecord) => r.curve.map((c) => [c.frames, c.evalSuccess, c.evalReturn, c.trainSuccess, c.trainReturn]);

describe('meta-experiments --parallel', () => {
  beforeAll(() => useBackend('wasm'));

  it('orders the RIM agents before the LSTM, every model x seed once', () => {
    expect(orderJobs(['lstm', 'meta-rim', 'rim'], [1, 2])).toEqual([
      { model: 'meta-rim', seed: 1 },
      { model: 'rim', seed: 1 },
      { model: 'meta-rim', seed: 2 },
      { model: 'rim', seed: 2 },
      { model: 'lstm', seed: 1 },
      { model: 'lstm', seed: 2 },
    ]);
  });

  it('two child processes give the records of runs in this process, and one report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meta-parallel-'));
    const { code, output } = await cli(['run', '--preset', 'ci', '--out', dir, '--parallel', '2']);
    expect(code, output).toBe(0);
    expect(output).toContain('[meta-rim s1]');
    expect(output).toContain('[lstm s1]');
    const report = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(report).toContain('| meta-rim | 1 |');
    expect(report).toContain('| lstm | 1 |');
    const seq = mkdtempSync(join(tmpdir(), 'meta-sequence-'));
    for (const model of ['meta-rim', 'lstm'] as const) {
      const straight = await runModel('ci', PRESETS.ci!, model, 1, seq, quiet(), false);
      const child = JSON.parse(readFileSync(join(dir, `${model}-s1.json`), 'utf8')) as RunRecord;
      expect(child.done).toBe(true);
      expect(curveOf(child)).toEqual(curveOf(straight));
    }
  }, 120_000);

  it('refuses a bad --parallel or --seeds with a message naming it, and writes nothing', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'meta-bad-')), 'out');
    for (const [args, message] of [
      [['--parallel', '0'], "--parallel must be a positive integer, got '0'"],
      [['--seeds', '1,x'], "--seeds must be a comma-separated list of non-negative integers, got '1,x'"],
    ] as const) {
      const { code, output } = await cli(['run', '--preset', 'ci', '--out', dir, ...args]);
      expect(code).not.toBe(0);
      expect(output).toContain(message);
    }
    expect(existsSync(dir)).toBe(false);
  }, 60_000);
});
