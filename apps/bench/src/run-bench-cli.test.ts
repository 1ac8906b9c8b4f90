import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { Suite } from '@rimjs/benchmarks';
import { describe, expect, it } from 'vitest';
import { runBenchCli } from './run-bench-cli.js';

// One cheap case: a [4, 4] matMul read back; 2 * 4 * 4 * 4 = 128 FLOPs.
const tiny: Suite = {
  name: 'tiny',
  cases: [{
    id: 'matmul', model: 'lstm', preset: 'matmul', task: 'copying', size: 'small', mode: 'infer', batch: 4, steps: 1, flopsPerStep: 128,
    setup: () => {
      const a = tf.ones([4, 4]);
      return {
        run: async () => {
          const y = tf.matMul(a, a);
          await y.data();
          y.dispose();
        },
        dispose: () => a.dispose(),
      };
    },
  }],
};

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t) } };
}

describe('runBenchCli', () => {
  it('runs the chosen suite on the chosen backend, prints the results JSON with --json and writes the report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rimjs-bench-'));
    const c = capture();
    const code = await runBenchCli(['--suite', 'tiny', '--backend', 'cpu', '--json', '--out', dir], { suites: [tiny], io: c.io });
    expect(code).toBe(0);
    const results = JSON.parse(c.out.join('\n'));
    expect(results.run).toMatchObject({ quick: true, backends: ['cpu'], suites: ['tiny'] });
    expect(results.records).toHaveLength(1);
    expect(results.records[0]).toMatchObject({ caseId: 'matmul', backend: 'cpu', warmup: 1, runs: 3, leakedTensors: 0 });
    expect(existsSync(join(dir, 'report.md'))).toBe(true);
    expect(c.err.some((l) => l.startsWith('tiny/matmul @cpu:'))).toBe(true);
  });

  it('rejects an unknown option naming it, with exit code 2, before running anything', async () => {
    const c = capture();
    expect(await runBenchCli(['--suite', 'tiny', '--fast'], { suites: [tiny], io: c.io })).toBe(2);
    expect(c.err.join('\n')).toContain("Unknown option '--fast'");
    expect(c.err.join('\n')).toContain('--suite accuracy');
    expect(c.out).toEqual([]);
  });

  it('names an unknown suite, with exit code 2', async () => {
    const c = capture();
    expect(await runBenchCli(['--suite', 'nosuch', '--backend', 'cpu', '--out', mkdtempSync(join(tmpdir(), 'rimjs-bench-'))], { suites: [tiny], io: c.io })).toBe(2);
    expect(c.err.join('\n')).toContain('runBenchmarks.only: no suite named "nosuch" (known: tiny)');
  });

  it('lists the suites, the accuracy suite included', async () => {
    const c = capture();
    expect(await runBenchCli(['--list'], { suites: [tiny], io: c.io })).toBe(0);
    expect(c.out[0]).toBe('tiny: ');
    expect(c.out.at(-1)).toMatch(/^accuracy: trainer presets/);
  });

  it('skips the accuracy suite with a clear message when the trainer app is missing (--json prints its results)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'rimjs-root-')); // no apps/trainer: the suite skips
    const dir = mkdtempSync(join(tmpdir(), 'rimjs-bench-'));
    const c = capture();
    const code = await runBenchCli(['--suite', 'accuracy', '--json', '--out', dir], { suites: [tiny], root, io: c.io });
    expect(code).toBe(0);
    const results = JSON.parse(c.out.join('\n'));
    expect(results).toMatchObject({ format: 'rimjs-bench-accuracy/2', seeds: [1, 2, 3], runs: [] });
    expect(results.skipped).toContain('the trainer app (apps/trainer, @rimjs/trainer) is not in');
    expect(readFileSync(join(dir, 'accuracy.md'), 'utf8')).toContain('Skipped: the trainer app');
  });

  it('--from a folder without a seeds run is a usage error naming it (exit code 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rimjs-bench-'));
    const c = capture();
    expect(await runBenchCli(['--suite', 'accuracy', '--from', dir, '--out', dir], { suites: [tiny], io: c.io })).toBe(2);
    expect(c.err.join('\n')).toContain(`pnpm bench.--from: '${dir}' holds no seeds run`);
  });
});
