import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { readMetrics, type MetricsEntry } from '../log/metrics-log.js';
import type { RunConfig } from '../presets/preset-types.js';
import { captureIo } from '../testing/capture-io.js';
import { signalChild } from '../testing/signal-child.js';
import type { RunSummary } from '../train/train-run.js';
import type { SeedsFile } from './seeds-file.js';

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const tmp = (name: string): string => join(mkdtempSync(join(tmpdir(), `trainer-seeds-${name}-`)), 'out');

/** `[step, loss, gradNorm]` of every training line, and every evaluation's metrics, of one model of one seed. */
const trace = (dir: string, model: string): unknown[] =>
  readMetrics(join(dir, model)).flatMap((e: MetricsEntry) =>
    e.type === 'train' ? [[e.step, e.loss, e.gradNorm]] : e.type === 'eval' ? [[e.step, e.phase, e.metrics]] : [],
  );

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await runCli(argv, io);
  return { code, ...io.text() };
}

const TINY = ['tiny', '--steps', '4', '--eval-every', '2', '--quiet'];

describe('pnpm train <preset> --seeds', () => {
  let sequential: string;
  let printed: string;
  beforeAll(async () => {
    sequential = tmp('seq');
    const r = await cli([...TINY, '--seeds', '1,2', '--out', sequential]);
    expect(r.code, r.err).toBe(0);
    printed = r.out;
  });

  it('trains each seed into a complete run folder and writes seeds.json and a report over them', async () => {
    for (const seed of [1, 2]) {
      const dir = join(sequential, `seed-${seed}`);
      expect(readJson<RunConfig>(join(dir, 'run.json')).train.seed).toBe(seed);
      expect(readJson<RunSummary>(join(dir, 'summary.json'))).toMatchObject({ completed: true, preset: 'tiny' });
      for (const f of ['report.md', 'learning-curves.svg', 'activity-rim-test.svg', 'rim/checkpoint.safetensors', 'lstm/checkpoint.safetensors']) expect(existsSync(join(dir, f)), f).toBe(true);
    }
    const file = readJson<SeedsFile>(join(sequential, 'seeds.json'));
    expect(file).toMatchObject({ format: 'rimjs-trainer-seeds/1', preset: 'tiny', seeds: [1, 2], headline: 'test.T12.ceLast3', completed: true });
    const h = (seed: number, model: string): number => readJson<RunSummary>(join(sequential, `seed-${seed}`, 'summary.json')).models[model]!.metrics['test.T12.ceLast3']!;
    for (const model of ['rim', 'lstm']) {
      const [a, b] = [h(1, model), h(2, model)];
      const s = file.models[model]!['test.T12.ceLast3']!;
      expect(s).toMatchObject({ seeds: [1, 2], values: [a, b], n: 2, min: Math.min(a, b), max: Math.max(a, b) });
      expect(s.mean).toBeCloseTo((a + b) / 2, 12);
      expect(s.std).toBeCloseTo(Math.abs(a - b) / Math.SQRT2, 12);
    }
    expect(h(1, 'rim')).not.toBe(h(2, 'rim')); // the seeds differ
    const report = readFileSync(join(sequential, 'report.md'), 'utf8');
    expect(report).toContain('| metric               | model | mean ± std      | n | seed 1 | seed 2 |');
    expect(report).toContain('[seed-2/report.md](seed-2/report.md)');
    expect(readFileSync(join(sequential, 'learning-curves.svg'), 'utf8')).toContain('<svg');
    expect(printed).toMatch(/\ntest\.T12\.ceLast3: rim \d\.\d{4} ± \d\.\d{4}, lstm \d\.\d{4} ± \d\.\d{4} \(2 seeds\)\ntest\.T12\.ceAll: rim .* \(2 seeds\)\nseeds folder: /);
  });

  it('gives seed n the results of a single run with --seed n', async () => {
    const single = tmp('single');
    expect((await cli([...TINY, '--seed', '2', '--out', single])).code).toBe(0);
    for (const m of ['rim', 'lstm']) expect(trace(join(sequential, 'seed-2'), m)).toEqual(trace(single, m));

    // so runs trained apart, moved into seed-<n> folders, summarise as the seeds run: `report` writes its seeds.json
    const apart = tmp('apart');
    cpSync(join(sequential, 'seed-1'), join(apart, 'seed-1'), { recursive: true });
    cpSync(single, join(apart, 'seed-2'), { recursive: true });
    const r = await cli(['report', apart]);
    expect(r).toMatchObject({ code: 0, out: `wrote ${apart}/seeds.json and ${apart}/report.md (seeds 1, 2)\n` });
    const collected = readJson<SeedsFile>(join(apart, 'seeds.json'));
    expect(collected.models).toEqual(readJson<SeedsFile>(join(sequential, 'seeds.json')).models);
    expect(collected.seeds).toEqual([1, 2]);
    expect(readFileSync(join(apart, 'report.md'), 'utf8')).toContain('[seed-2/report.md](seed-2/report.md)');

    // a seed folder added later is summarised with them; one trained with another learning rate is refused by name, and seeds.json stays as it was
    const before = readFileSync(join(apart, 'seeds.json'), 'utf8');
    cpSync(single, join(apart, 'seed-3'), { recursive: true });
    const run3 = readJson<RunConfig>(join(apart, 'seed-3', 'run.json'));
    writeFileSync(join(apart, 'seed-3', 'run.json'), JSON.stringify({ ...run3, train: { ...run3.train, seed: 3, lr: run3.train.lr * 2 } }));
    const bad = await cli(['report', apart]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain(`argument <run>: aggregateSeeds: ${join(apart, 'seed-3')} was trained differently from seed 1: train.lr ${run3.train.lr * 2} against ${run3.train.lr}`);
    expect(readFileSync(join(apart, 'seeds.json'), 'utf8')).toBe(before);
    writeFileSync(join(apart, 'seed-3', 'run.json'), JSON.stringify({ ...run3, train: { ...run3.train, seed: 3 } }));
    expect((await cli(['report', apart])).out).toBe(`wrote ${apart}/seeds.json and ${apart}/report.md (seeds 1, 2, 3)\n`);
    expect(readJson<SeedsFile>(join(apart, 'seeds.json')).models.rim!['test.T12.ceLast3']!.n).toBe(3);
  });

  it('--parallel 2 runs the seeds in child processes with the same results bit for bit', async () => {
    const parallel = tmp('par');
    const r = await cli([...TINY, '--seeds', '1,2', '--parallel', '2', '--out', parallel]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('[seed-1] ');
    expect(r.out).toContain('[seed-2] ');
    for (const seed of [1, 2]) for (const m of ['rim', 'lstm']) expect(trace(join(parallel, `seed-${seed}`), m)).toEqual(trace(join(sequential, `seed-${seed}`), m));
    expect(readJson<SeedsFile>(join(parallel, 'seeds.json')).models).toEqual(readJson<SeedsFile>(join(sequential, 'seeds.json')).models);
  });

  it('eval and report work on the seeds folder: every seed is evaluated out of distribution', async () => {
    const r = await cli(['eval', sequential, '--eval-size', '8']);
    expect(r.code, r.err).toBe(0);
    const file = readJson<SeedsFile>(join(sequential, 'seeds.json'));
    expect(file.models.rim!['test.T24.ceLast3']!.n).toBe(2);
    // each seed's census from its eval.json, per model and seed
    expect(Object.keys(file.census!.rim!)).toEqual(['1', '2']);
    expect(file.census!.rim!['2']!.map((c) => [c.delay, c.sequences])).toEqual([[6, 8], [12, 8], [24, 8]]);
    const report = readFileSync(join(sequential, 'report.md'), 'utf8');
    expect(report).toContain('| test.T24.ceLast3');
    expect(report).toContain('## Memory census');
    expect(report).toMatch(/\| rim, seed 2 +\| T = 24 +\| 8 +\|/);
    expect((await cli(['report', sequential])).out).toContain(`wrote ${sequential}/seeds.json and ${sequential}/report.md`);
  });

  it('usage errors name the option', async () => {
    expect(await cli(['--resume', sequential, '--seeds', '3'])).toMatchObject({ code: 2, err: expect.stringContaining("option '--seeds' cannot change a resumed run") });
    expect(await cli(['copying-cpu', '--resume', sequential])).toMatchObject({ code: 2, err: expect.stringContaining("argument <preset>: 'copying-cpu' differs from the resumed seeds run's preset 'tiny'") });
    expect(await cli([...TINY, '--seeds', '1', '--out', sequential])).toMatchObject({ code: 2, err: expect.stringContaining(`option '--out': ${sequential} exists and is not empty`) });
  });
});

describe('resuming a seeds run', () => {
  const ARGS = ['tiny', '--model', 'rim', '--steps', '16', '--eval-every', '8', '--quiet', '--seeds', '1,2'];
  let straight: string;
  beforeAll(async () => {
    straight = tmp('straight');
    expect((await cli([...ARGS, '--out', straight])).code).toBe(0);
  });

  it('after a kill -9 in the first seed, --resume <out> finishes every seed with the losses of a straight run', async () => {
    const dir = tmp('kill');
    await signalChild([...ARGS, '--out', dir], 'SIGKILL', join(dir, 'seed-1', 'rim', 'checkpoint.safetensors'));
    expect(existsSync(join(dir, 'seed-2', 'run.json'))).toBe(true); // written before any seed started
    expect(existsSync(join(dir, 'seed-2', 'rim'))).toBe(false);
    const r = await cli(['--resume', dir, '--quiet']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/\[rim\] resuming at step \d+ of 16/);
    for (const seed of [1, 2]) expect(trace(join(dir, `seed-${seed}`), 'rim')).toEqual(trace(join(straight, `seed-${seed}`), 'rim'));
    expect(readJson<SeedsFile>(join(dir, 'seeds.json')).models).toEqual(readJson<SeedsFile>(join(straight, 'seeds.json')).models);
    const again = await cli(['--resume', dir, '--quiet']);
    expect(again.out).toContain('2 of 2 seeds already finished; kept');
  });

  it('SIGINT reaches every parallel seed: each saves and stops, the parent exits 130, and --resume completes them', async () => {
    const dir = tmp('sigint');
    // both seeds have checkpointed, so both children are training (their SIGINT handler installed)
    const checkpoints = [1, 2].map((seed) => join(dir, `seed-${seed}`, 'rim', 'checkpoint.safetensors'));
    expect(await signalChild([...ARGS, '--parallel', '2', '--out', dir], 'SIGINT', checkpoints)).toBe(130);
    const file = readJson<SeedsFile>(join(dir, 'seeds.json'));
    expect(file.completed).toBe(false);
    for (const seed of [1, 2]) expect(readJson<RunSummary>(join(dir, `seed-${seed}`, 'summary.json')).models.rim).toMatchObject({ interrupted: true, signal: 'SIGINT' });
    const r = await cli(['--resume', dir, '--quiet']);
    expect(r.code, r.out).toBe(0);
    for (const seed of [1, 2]) expect(trace(join(dir, `seed-${seed}`), 'rim')).toEqual(trace(join(straight, `seed-${seed}`), 'rim'));
  });
});
