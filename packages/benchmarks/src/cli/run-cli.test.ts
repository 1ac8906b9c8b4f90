import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { validateResults } from '../schema/validate-results.js';
import { groupLinearSuite } from '../suites/group-linear-suite.js';
import { makeRecord, makeResults } from '../test-fixtures.js';
import { runCli } from './run-cli.js';

const suites = [groupLinearSuite({ size: 'small', batch: 2, scalingUnits: [2, 3] })];

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t) } };
}

describe('runCli', () => {
  it('runs the suites, writes the report folder and prints the JSON with --json', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rimjs-cli-'));
    const { out, err, io } = capture();
    const code = await runCli(['--backend', 'cpu', '--runs', '1', '--warmup', '0', '--case', 'comm', '--json', '--out', dir], suites, io);
    expect(code).toBe(0);
    const results = JSON.parse(out.join('\n'));
    expect(validateResults(results)).toEqual([]);
    expect(results.records.map((r: { caseId: string }) => r.caseId)).toEqual(['comm-query-infer', 'comm-query-train', 'comm-output-infer', 'comm-output-train']);
    expect(err.some((l) => l.startsWith('groupLinear/comm-query-infer @cpu: '))).toBe(true);
    expect((await readdir(dir)).sort()).toEqual(['group-linear-copying-bars.svg', 'report.md', 'results.json']);
    expect(tf.getBackend()).toBe('cpu');
  });

  it('compares with --compare and exits 1 on a regression with --fail-on-regression', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rimjs-cli-'));
    const old = join(dir, 'old.json');
    // An old run that was impossibly fast: every matching case is a regression now.
    const fast = { msMedian: 1e-6, msMin: 1e-6, msMax: 1e-6, msAll: [1e-6] , runs: 1 };
    await writeFile(old, JSON.stringify(makeResults([makeRecord({ suite: 'groupLinear', caseId: 'comm-query-infer', mode: 'infer', batch: 2, steps: 1, ...fast })])));
    const { err, io } = capture();
    const code = await runCli(['--backend', 'cpu', '--runs', '1', '--warmup', '0', '--case', 'comm-query-infer', '--compare', old, '--fail-on-regression', '--out', join(dir, 'r')], suites, io);
    expect(err.join('\n')).toContain('1 regression(s)');
    expect(code).toBe(1);
  });

  it('exits 2 with the usage on a bad option, and lists cases with --list', async () => {
    const bad = capture();
    expect(await runCli(['--bogus'], suites, bad.io)).toBe(2);
    expect(bad.err.join('\n')).toContain('Usage: pnpm bench');
    const list = capture();
    expect(await runCli(['--list'], suites, list.io)).toBe(0);
    expect(list.out[0]).toMatch(/^groupLinear: /);
    expect(list.out).toContain('  lstm-hidden-train  (rim lstm-hidden copying small train, batch 2, steps 1)');
  });
});
