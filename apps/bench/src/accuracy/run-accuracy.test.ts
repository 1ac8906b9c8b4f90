import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@rimjs/core';
import { describe, expect, it } from 'vitest';
import { accuracyColumns, type TrainerTask } from './accuracy-tasks.js';
import { findSeedsDirs } from './find-seeds-dirs.js';
import { readTrainerSeeds } from './read-seeds.js';
import { runAccuracy } from './run-accuracy.js';
import { evalArgs, runTrainerProcess, trainArgs, type TrainerCall } from './run-trainer.js';

/** A repository root with an apps/trainer package. */
function fakeRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'rimjs-root-'));
  mkdirSync(join(root, 'apps', 'trainer'), { recursive: true });
  writeFileSync(join(root, 'apps', 'trainer', 'package.json'), '{"name":"@rimjs/trainer"}');
  return root;
}

const TASKS: Record<string, TrainerTask> = {
  'copying-cpu': { kind: 'copying', trainDelay: 10, testDelay: 40, oodDelays: [100], numSymbols: 10 },
  'adding-cpu': { kind: 'adding', trainLength: 20, testLength: 80, oodLengths: [200] },
  'mnist-cpu': { kind: 'mnist', trainSide: 10, testSides: [10, 11, 14, 17] },
};
const HEADLINE: Record<string, string> = { 'copying-cpu': 'test.T40.ceLast10', 'adding-cpu': 'test.L80.mse', 'mnist-cpu': 'test.px17.acc' };

/** Seed values of each preset's metrics, by model (three seeds); `eval` adds the 10x ones. */
const VALUES: Record<string, Record<string, Record<string, number[]>>> = {
  'copying-cpu': {
    rim: { 'train.T10.ceLast10': [0.01, 0.02, 0.03], 'test.T40.ceLast10': [0.04, 0.05, 0.06] },
    lstm: { 'train.T10.ceLast10': [0.1, 0.2, 0.3], 'test.T40.ceLast10': [1.8, 1.9, 2.0] },
  },
  'adding-cpu': { rim: { 'train.L20.mse': [0.001, 0.002, 0.003], 'test.L80.mse': [0.01, 0.01, 0.01] }, lstm: { 'train.L20.mse': [0.001, 0.001, 0.001], 'test.L80.mse': [0.2, 0.3, 0.4] } },
  'mnist-cpu': {
    rim: { 'test.px10.acc': [0.9, 0.92, 0.94], 'test.px11.acc': [0.8, 0.8, 0.8], 'test.px14.acc': [0.6, 0.6, 0.6], 'test.px17.acc': [0.3, 0.4, 0.5] },
    lstm: { 'test.px10.acc': [0.9, 0.9, 0.9], 'test.px11.acc': [0.7, 0.7, 0.7], 'test.px14.acc': [0.4, 0.4, 0.4], 'test.px17.acc': [0.2, 0.2, 0.2] },
  },
};
const EVAL: Record<string, Record<string, number[]>> = { rim: { 'test.T100.ceLast10': [0.1, 0.1, 0.1] }, lstm: { 'test.T100.ceLast10': [3, 3, 3] } };

function stat(values: number[]): object {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const std = n > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) : 0;
  return { seeds: [1, 2, 3].slice(0, n), values, n, mean, std };
}

/** Writes a seeds.json as the trainer would (keys of apps/trainer's README, "seeds.json"). */
function writeSeeds(dir: string, preset: string, values: Record<string, Record<string, number[]>>): void {
  mkdirSync(dir, { recursive: true });
  const models = Object.fromEntries(Object.entries(values).map(([m, keys]) => [m, Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, stat(v)]))]));
  const runs = [1, 2, 3].map((seed) => ({ seed, dir: `seed-${seed}`, completed: true, wallTimeSec: 600, backend: 'wasm' }));
  writeFileSync(join(dir, 'seeds.json'), JSON.stringify({ format: 'rimjs-trainer-seeds/1', preset, seeds: [1, 2, 3], task: TASKS[preset], headline: HEADLINE[preset], completed: true, wallTimeSec: 1800, runs, models }));
}

/** A trainer that writes seeds.json for `train` and adds the copying 10x keys for `eval`. */
async function fakeTrainer(call: TrainerCall): Promise<number> {
  const [, , , command, target] = call.args;
  if (command === 'eval') {
    const preset = target!.split('/').at(-1)!;
    const merged = preset === 'copying-cpu' ? Object.fromEntries(Object.entries(VALUES[preset]!).map(([m, v]) => [m, { ...v, ...EVAL[m] }])) : VALUES[preset]!;
    writeSeeds(target!, preset, merged);
    return 0;
  }
  const out = call.args[call.args.indexOf('--out') + 1]!;
  writeSeeds(out, command!, VALUES[command!]!);
  call.log(`trained ${command}`);
  return 0;
}

describe('runAccuracy', () => {
  it('trains each CPU preset over seeds, evaluates it out of distribution and tabulates mean ± std beside the paper', async () => {
    const out = mkdtempSync(join(tmpdir(), 'rimjs-acc-'));
    const calls: string[][] = [];
    const log: string[] = [];
    const { results, markdown, code } = await runAccuracy({
      presets: ['copying-cpu', 'adding-cpu', 'mnist-cpu'], seeds: [1, 2, 3], parallel: 2, out, root: fakeRoot(), log: (t) => void log.push(t),
      runTrainer: (c) => {
        calls.push(c.args);
        return fakeTrainer(c);
      },
    });
    expect(code).toBe(0);
    const dir = (p: string): string => join(out, 'accuracy', p);
    expect(calls).toEqual(['copying-cpu', 'adding-cpu', 'mnist-cpu'].flatMap((p) => [trainArgs({ preset: p, out: dir(p), seeds: [1, 2, 3], parallel: 2 }), evalArgs(dir(p))]));
    expect(results.runs.map((r) => [r.preset, r.exitCode, r.evalExitCode])).toEqual([['copying-cpu', 0, 0], ['adding-cpu', 0, 0], ['mnist-cpu', 0, 0]]);
    expect(markdown).toContain('| model | seeds | T10 CE copied (in) | T40 CE copied (4x) | T100 CE copied (10x) |');
    expect(markdown).toContain('| rim (rimjs) | 3 | 0.0200 ± 0.0100 | 0.0500 ± 0.0100 | 0.10 ± 0.00 |');
    expect(markdown).toContain('| lstm (rimjs) | 3 | 0.20 ± 0.10 | 1.90 ± 0.10 | 3.00 ± 0.00 |');
    expect(markdown).toContain('| LSTM-600 (paper, T 50 -> 200) | - | 0.00 | 3.56 | - |');
    expect(markdown).toContain('| RIMs (paper, 50 -> 200) | - | 0.00 | 0.00 | - |');
    expect(markdown).toContain('| rim (rimjs) | 3 | 0.0020 ± 0.0010 | 0.0100 ± 0.0000 | - |');
    expect(markdown).toContain('| model | seeds | 10 px acc (in) | 11 px acc (1.1x) | 14 px acc (1.4x) | 17 px acc (1.7x) |');
    expect(markdown).toContain('| rim (rimjs) | 3 | 92.0 ± 2.0 % | 80.0 ± 0.0 % | 60.0 ± 0.0 % | 40.0 ± 10.0 % |');
    expect(markdown).toContain('| RIMs (paper, 14 -> 16 / 19 / 24) | - | - | 90.0 % | 73.4 % | 38.1 % |');
    expect(markdown).toContain('| LSTM-600 (paper, 14 -> 16 / 19 / 24) | - | - | 84.5 % | 52.2 % | 21.9 % |');
    expect(markdown).toContain('Headline `test.T40.ceLast10` per seed: rim 0.0400 / 0.0500 / 0.0600 (seeds 1, 2, 3); lstm 1.80 / 1.90 / 2.00 (seeds 1, 2, 3).');
    expect(markdown).toContain('### copying: `copying-cpu` (3 of 3 seeds finished, wasm backend, 30.0 min of training summed over seeds)');
    expect(readFileSync(join(out, 'accuracy.md'), 'utf8')).toBe(markdown);
    expect(JSON.parse(readFileSync(join(out, 'accuracy.json'), 'utf8'))).toMatchObject({ format: 'rimjs-bench-accuracy/2', seeds: [1, 2, 3] });
    expect(log).toContain('trained mnist-cpu');

    // --from: the same tables from the finished folders, nothing trained
    const again = mkdtempSync(join(tmpdir(), 'rimjs-acc-'));
    const read = await runAccuracy({
      presets: [], seeds: [], parallel: 1, from: [out], out: again, root: fakeRoot(), log: () => {},
      runTrainer: () => Promise.reject(new Error('--from trains nothing')),
    });
    expect(read.code).toBe(0);
    expect(read.results.runs.map((r) => [r.preset, r.exitCode])).toEqual([['adding-cpu', null], ['copying-cpu', null], ['mnist-cpu', null]]);
    expect(read.results.seeds).toEqual([1, 2, 3]);
    expect(read.markdown).toContain('| rim (rimjs) | 3 | 0.0200 ± 0.0100 | 0.0500 ± 0.0100 | 0.10 ± 0.00 |');
    expect(findSeedsDirs([dir('copying-cpu')])).toEqual([dir('copying-cpu')]);
  });

  it('puts seeds folders of one preset and task (models trained apart) in one table, each row naming its folder', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'rimjs-acc-'));
    writeSeeds(join(parent, 'mnist-rim'), 'mnist-cpu', { rim: VALUES['mnist-cpu']!.rim! });
    writeSeeds(join(parent, 'mnist-lstm'), 'mnist-cpu', { lstm: VALUES['mnist-cpu']!.lstm! });
    writeSeeds(join(parent, 'other'), 'adding-cpu', VALUES['adding-cpu']!);
    const { markdown } = await runAccuracy({
      presets: [], seeds: [], parallel: 1, from: [parent], out: mkdtempSync(join(tmpdir(), 'rimjs-acc-')), root: fakeRoot(), log: () => {},
      runTrainer: () => Promise.reject(new Error('--from trains nothing')),
    });
    expect(markdown.match(/^### mnist/gm)).toHaveLength(1);
    expect(markdown).toContain('### mnist: `mnist-cpu` (6 of 6 seeds finished, wasm backend, 60.0 min of training summed over seeds and 2 folders)');
    // folders are read in name order: mnist-lstm, mnist-rim
    expect(markdown).toContain('| lstm (rimjs, mnist-lstm) | 3 | 90.0 ± 0.0 % | 70.0 ± 0.0 % | 40.0 ± 0.0 % | 20.0 ± 0.0 % |\n| rim (rimjs, mnist-rim) | 3 | 92.0 ± 2.0 % |');
    expect(markdown).toContain('Headline `test.px17.acc` per seed: lstm (mnist-lstm) 20.0 / 20.0 / 20.0 (seeds 1, 2, 3); rim (mnist-rim) 30.0 / 40.0 / 50.0 (seeds 1, 2, 3).');
    expect(markdown).toContain(`Seeds folders: \`${join(parent, 'mnist-lstm')}\`, \`${join(parent, 'mnist-rim')}\``);
    expect(markdown).toContain('| rim (rimjs) | 3 | 0.0020 ± 0.0010 | 0.0100 ± 0.0000 | - |'); // a preset alone keeps the plain label
  });

  it('reports a failed trainer run (exit code 1) and goes on, passing models and backend', async () => {
    const out = mkdtempSync(join(tmpdir(), 'rimjs-acc-'));
    const calls: string[][] = [];
    const { results, markdown, code } = await runAccuracy({
      presets: ['copying-cpu', 'adding-cpu'], seeds: [1], parallel: 1, models: ['rim'], backend: 'cpu', out, root: fakeRoot(), log: () => {},
      runTrainer: async (c) => {
        calls.push(c.args);
        return c.args[3] === 'copying-cpu' ? 1 : fakeTrainer(c);
      },
    });
    expect(code).toBe(1);
    expect(calls[0]).toEqual(['--filter', '@rimjs/trainer', 'train', 'copying-cpu', '--seeds', '1', '--parallel', '1', '--out', join(out, 'accuracy', 'copying-cpu'), '--quiet', '--model', 'rim', '--backend', 'cpu']);
    expect(calls.slice(1).map((a) => a[3])).toEqual(['adding-cpu', 'eval']); // no eval of the failed run
    expect(results.runs.map((r) => [r.exitCode, r.evalExitCode, r.seeds === null])).toEqual([[1, null, true], [0, 0, false]]);
    expect(markdown).toContain('### `copying-cpu` (trainer exit code 1, no seeds.json)');
    expect(markdown).toContain('(no results: see the trainer output above)');
  });

  it('derives the columns from the task: training length, 4x and 10x; MNIST sides at the paper ratios', () => {
    expect(accuracyColumns(TASKS['copying-cpu']!).map((c) => [c.key, c.role])).toEqual([['train.T10.ceLast10', 'in'], ['test.T40.ceLast10', '4x'], ['test.T100.ceLast10', '10x']]);
    expect(accuracyColumns(TASKS['adding-cpu']!).map((c) => c.key)).toEqual(['train.L20.mse', 'test.L80.mse', 'test.L200.mse']);
    expect(accuracyColumns(TASKS['mnist-cpu']!).map((c) => [c.key, c.role])).toEqual([['test.px10.acc', 'in'], ['test.px11.acc', 'ood1'], ['test.px14.acc', 'ood2'], ['test.px17.acc', 'ood3']]);
  });

  it('refuses a --from folder with no seeds run and a seeds.json that is not the trainer format, naming them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rimjs-acc-'));
    expect(() => findSeedsDirs([dir])).toThrow(ConfigError);
    expect(() => findSeedsDirs([dir])).toThrow(`pnpm bench.--from: '${dir}' holds no seeds run`);
    writeFileSync(join(dir, 'seeds.json'), '{"format":"other"}');
    expect(() => readTrainerSeeds(dir)).toThrow(`readTrainerSeeds: '${join(dir, 'seeds.json')}' must be a trainer seeds file`);
    expect(readTrainerSeeds(join(dir, 'missing'))).toBeNull();
  });

  const root = fileURLToPath(new URL('../../../../', import.meta.url));
  it.skipIf(!existsSync(join(root, 'apps', 'trainer', 'package.json')))('runs the real trainer (its tiny preset, 2 seeds, cpu) and reads the seeds.json it writes', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'rimjs-acc-')), 'tiny');
    const log: string[] = [];
    const args = [...trainArgs({ preset: 'tiny', out, seeds: [1, 2], parallel: 1, models: ['rim', 'lstm'], backend: 'cpu' }), '--steps', '4'];
    const code = await runTrainerProcess({ args, cwd: root, log: (t) => void log.push(t) });
    expect(code, log.join('\n')).toBe(0);
    const s = readTrainerSeeds(out)!;
    expect(s).toMatchObject({ preset: 'tiny', seeds: [1, 2], completed: true, headline: 'test.T12.ceLast3' });
    expect(Object.keys(s.models)).toEqual(['rim', 'lstm']);
    expect(s.models.rim!['test.T12.ceLast3']).toMatchObject({ n: 2, seeds: [1, 2] });
    expect(accuracyColumns(s.task).map((c) => c.key)).toEqual(['train.T6.ceLast3', 'test.T12.ceLast3', 'test.T24.ceLast3']);
  });
});
