import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@rimjs/core';
import { describe, expect, it } from 'vitest';
import { readTrainerSummary } from './read-summary.js';
import { runAccuracy } from './run-accuracy.js';
import { runTrainerProcess, trainerArgs, type TrainerRun } from './run-trainer.js';

/** A repository root with an apps/trainer package. */
function fakeRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'rimjs-root-'));
  mkdirSync(join(root, 'apps', 'trainer'), { recursive: true });
  writeFileSync(join(root, 'apps', 'trainer', 'package.json'), '{"name":"@rimjs/trainer"}');
  return root;
}

const METRICS: Record<string, Record<string, Record<string, number>>> = {
  'copying-small': {
    rim: { 'train.T50.ceLast10': 0.0123, 'test.T200.ceLast10': 0.25, 'test.T200.ceAll': 0.04 },
    lstm: { 'train.T50.ceLast10': 0.5, 'test.T200.ceLast10': 2.75, 'test.T200.ceAll': 0.31 },
  },
  'mnist-small': {
    rim: { 'test.px14.acc': 0.9, 'test.px16.acc': 0.8, 'test.px19.acc': 0.5, 'test.px24.acc': 0.25 },
    lstm: { 'test.px14.acc': 0.91, 'test.px16.acc': 0.7, 'test.px19.acc': 0.4, 'test.px24.acc': 0.2 },
  },
};

/** Writes a summary.json as the trainer would (keys of apps/trainer's README). */
async function fakeTrainer(run: TrainerRun): Promise<number> {
  mkdirSync(run.out, { recursive: true });
  const models = Object.fromEntries(run.models.map((m) => [m, {
    metrics: METRICS[run.preset]![m], steps: 1500, targetSteps: 1500, completed: true, wallTimeSec: 300, parameterCount: { actual: 12345, official: 20000 },
  }]));
  writeFileSync(join(run.out, 'summary.json'), JSON.stringify({ format: 'rimjs-trainer-summary/1', preset: run.preset, backend: { name: 'wasm' }, wallTimeSec: 600, completed: true, models }));
  run.log(`trained ${run.preset}`);
  return 0;
}

describe('runAccuracy', () => {
  it('runs copying and MNIST presets and tabulates in- and out-of-distribution metrics beside the paper', async () => {
    const out = mkdtempSync(join(tmpdir(), 'rimjs-acc-'));
    const runs: TrainerRun[] = [];
    const log: string[] = [];
    const { results, markdown, code } = await runAccuracy({
      preset: 'small', models: ['rim', 'lstm'], out, backend: 'wasm', root: fakeRoot(), log: (t) => void log.push(t),
      runTrainer: (r) => {
        runs.push(r);
        return fakeTrainer(r);
      },
    });
    expect(code).toBe(0);
    expect(runs.map((r) => [r.preset, r.out, r.models, r.backend])).toEqual([
      ['copying-small', join(out, 'accuracy', 'copying-small'), ['rim', 'lstm'], 'wasm'],
      ['mnist-small', join(out, 'accuracy', 'mnist-small'), ['rim', 'lstm'], 'wasm'],
    ]);
    expect(results.runs[0]!.summary!.models.rim!.metrics['test.T200.ceLast10']).toBe(0.25);
    expect(markdown).toContain('| model | steps | parameters | T50 CE last 10 (in) | T200 CE last 10 (OOD) | T200 CE all (OOD) |');
    expect(markdown).toContain('| rim (rimjs) | 1500 | 12,345 | 0.0123 | 0.25 | 0.0400 |');
    expect(markdown).toContain('| LSTM-600 (paper) | - | - | 0.00 | 3.56 | - |');
    expect(markdown).toContain('| rim (rimjs) | 1500 | 12,345 | 90.0 % | 80.0 % | 50.0 % | 25.0 % |');
    expect(markdown).toContain('| RIMs (paper) | - | - | - | 90.0 % | 73.4 % | 38.1 % |');
    expect(markdown).toContain('| LSTM-600 (paper) | - | - | - | 84.5 % | 52.2 % | 21.9 % |');
    expect(readFileSync(join(out, 'accuracy.md'), 'utf8')).toBe(markdown);
    expect(JSON.parse(readFileSync(join(out, 'accuracy.json'), 'utf8')).runs).toHaveLength(2);
    expect(log).toContain('trained mnist-small');
  });

  it('reports a failed trainer run (exit code 1) and goes on', async () => {
    const out = mkdtempSync(join(tmpdir(), 'rimjs-acc-'));
    const { results, markdown, code } = await runAccuracy({
      preset: 'small', models: ['rim'], out, root: fakeRoot(), log: () => {},
      runTrainer: async (r) => (r.preset === 'copying-small' ? 1 : fakeTrainer(r)),
    });
    expect(code).toBe(1);
    expect(results.runs.map((r) => [r.exitCode, r.summary === null])).toEqual([[1, true], [0, false]]);
    expect(markdown).toContain('trainer exit code 1');
    expect(markdown).toContain('(no results: see the trainer output above)');
  });

  it('builds the trainer command line', () => {
    expect(trainerArgs({ preset: 'mnist-paper', out: '/r', models: ['rim', 'gru'], backend: 'tensorflow' })).toEqual([
      '--filter', '@rimjs/trainer', 'train', 'mnist-paper', '--out', '/r', '--quiet', '--model', 'rim,gru', '--backend', 'tensorflow',
    ]);
  });

  const root = fileURLToPath(new URL('../../../../', import.meta.url));
  it.skipIf(!existsSync(join(root, 'apps', 'trainer', 'package.json')))('runs the real trainer (its tiny preset, cpu) and reads the summary it writes', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'rimjs-acc-')), 'tiny');
    const log: string[] = [];
    const code = await runTrainerProcess({ preset: 'tiny', out, models: ['rim', 'lstm'], backend: 'cpu', cwd: root, log: (t) => void log.push(t) });
    expect(code, log.join('\n')).toBe(0);
    const s = readTrainerSummary(out)!;
    expect(s).toMatchObject({ preset: 'tiny', backend: 'cpu', completed: true });
    expect(Object.keys(s.models)).toEqual(['rim', 'lstm']);
    // the tiny preset copies 3 symbols after a delay of 6 (train) and 12 (test)
    expect(Object.keys(s.models.rim!.metrics)).toEqual(expect.arrayContaining(['train.T6.ceLast3', 'test.T12.ceLast3', 'test.T12.ceAll']));
    expect(s.models.rim!.steps).toBe(12);
  });

  it('refuses a summary.json that is not the trainer format, naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rimjs-acc-'));
    writeFileSync(join(dir, 'summary.json'), '{"format":"other"}');
    expect(() => readTrainerSummary(dir)).toThrow(ConfigError);
    expect(() => readTrainerSummary(dir)).toThrow(`readTrainerSummary: '${join(dir, 'summary.json')}' must be a trainer summary`);
    expect(readTrainerSummary(join(dir, 'missing'))).toBeNull();
  });
});
