import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@rimjs/core';
import { writeJson } from '@rimjs/runkit';
import { PRESETS } from '../presets/presets.js';
import { resolveRunConfig } from '../presets/resolve-run-config.js';
import { formatSeedMetric, seedLines } from './format-seed-metric.js';
import { readRunConfig } from '../run/run-paths.js';
import { aggregateSeeds, readSeedsFile, refreshSeedsFile, seedFoldersIn } from './seeds-file.js';
import { seedsReportMarkdown } from './write-seeds-report.js';

/** A seed folder as the trainer leaves it: run.json, summary.json with these final metrics, optionally eval.json. */
function fakeSeed(dir: string, seed: number, metrics: Record<string, Record<string, number>>, opts: { unfinished?: string[]; evalMetrics?: Record<string, Record<string, number>>; evalSize?: number; evalStep?: number } = {}): void {
  const run = resolveRunConfig(PRESETS.tiny!, { train: { seed } });
  const sdir = join(dir, `seed-${seed}`);
  writeJson(join(sdir, 'run.json'), run);
  const models = Object.fromEntries(Object.entries(metrics).map(([m, v]) => [m, { metrics: v, steps: 12, targetSteps: 12, completed: !opts.unfinished?.includes(m), wallTimeSec: 30 }]));
  writeJson(join(sdir, 'summary.json'), { format: 'rimjs-trainer-summary/1', preset: 'tiny', completed: !opts.unfinished?.length, wallTimeSec: 60, backend: { name: 'cpu' }, headline: 'test.T12.ceLast3', models });
  if (opts.evalMetrics) {
    writeJson(join(sdir, 'eval.json'), { format: 'rimjs-trainer-eval/1', size: opts.evalSize ?? 32, backend: 'cpu', models: Object.fromEntries(Object.entries(opts.evalMetrics).map(([m, v]) => [m, { step: opts.evalStep ?? 12, metrics: v }])) });
  }
}

const H = 'test.T12.ceLast3';

describe('seeds.json', () => {
  it('holds every seed value, the mean and the sample std of each model and metric', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trainer-seeds-file-'));
    fakeSeed(dir, 1, { rim: { [H]: 1, 'test.T12.accLast3': 0.5 }, lstm: { [H]: 2 } }, { evalMetrics: { rim: { [H]: 1, 'test.T24.ceLast3': 4 } } });
    fakeSeed(dir, 2, { rim: { [H]: 2, 'test.T12.accLast3': 0.7 }, lstm: { [H]: 2 } });
    fakeSeed(dir, 3, { rim: { [H]: 3, 'test.T12.accLast3': 0.9 }, lstm: { [H]: 3 } }, { unfinished: ['lstm'] });
    const file = aggregateSeeds(dir, [1, 2, 3]);
    expect(file).toMatchObject({ format: 'rimjs-trainer-seeds/1', preset: 'tiny', seeds: [1, 2, 3], headline: H, completed: false, wallTimeSec: 180 });
    expect(file.runs.map((r) => [r.seed, r.dir, r.completed])).toEqual([[1, 'seed-1', true], [2, 'seed-2', true], [3, 'seed-3', false]]);
    expect(file.models.rim![H]).toEqual({ seeds: [1, 2, 3], values: [1, 2, 3], n: 3, mean: 2, std: 1, min: 1, max: 3 });
    expect(file.models.rim!['test.T12.accLast3']!.mean).toBeCloseTo(0.7, 12);
    expect(file.models.rim!['test.T12.accLast3']!.std).toBeCloseTo(0.2, 12);
    // the unfinished LSTM of seed 3 does not count; eval.json adds its keys where the step matches
    expect(file.models.lstm![H]).toEqual({ seeds: [1, 2], values: [2, 2], n: 2, mean: 2, std: 0, min: 2, max: 2 });
    expect(file.models.rim!['test.T24.ceLast3']).toEqual({ seeds: [1], values: [4], n: 1, mean: 4, std: 0, min: 4, max: 4 });

    expect(seedLines(file)).toEqual([
      'test.T12.ceLast3: rim 2.0000 ± 1.0000 (n = 3), lstm 2.0000 ± 0.0000 (n = 2) (of 3 seeds)',
      'test.T12.ceAll: rim -, lstm - (0 seeds)',
    ]);
    const md = seedsReportMarkdown(file);
    expect(md).toContain('| **test.T12.ceLast3** | rim   | 2.0000 ± 1.0000 | 3 | 1.0000 | 2.0000 | 3.0000 |');
    expect(md).toContain('| **test.T12.ceLast3** | lstm  | 2.0000 ± 0.0000 | 2 | 2.0000 | 2.0000 | -      |');
    expect(md).toContain('| test.T24.ceLast3     | rim   | 4.0000          | 1 | 4.0000 | -      | -      |');
    expect(md).not.toContain('accLast3'); // the table shows the cross-entropies, as a run's report; seeds.json has the rest
    expect(formatSeedMetric('test.T12.accLast3', file.models.rim!['test.T12.accLast3'])).toBe('70.0 % ± 20.0 %');
    expect(md).toContain('- seed 3 (not finished; metrics on 32 examples per set (rim)): [seed-3/report.md](seed-3/report.md)');

    refreshSeedsFile(dir, [1, 2, 3]);
    expect(readSeedsFile(dir)).toEqual(JSON.parse(readFileSync(join(dir, 'seeds.json'), 'utf8')));
    expect(readSeedsFile(dir).models.rim![H]!.mean).toBe(2);
  });

  it('prints mean ± std with the seed count when every model finished on every seed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trainer-seeds-file-'));
    fakeSeed(dir, 4, { rim: { [H]: 0.04, 'test.T12.ceAll': 0.1 }, lstm: { [H]: 1.8, 'test.T12.ceAll': 0.5 } });
    fakeSeed(dir, 5, { rim: { [H]: 0.06, 'test.T12.ceAll': 0.1 }, lstm: { [H]: 2.0, 'test.T12.ceAll': 0.5 } });
    expect(seedLines(aggregateSeeds(dir, [4, 5]))).toEqual([
      'test.T12.ceLast3: rim 0.0500 ± 0.0141, lstm 1.9000 ± 0.1414 (2 seeds)',
      'test.T12.ceAll: rim 0.1000 ± 0.0000, lstm 0.5000 ± 0.0000 (2 seeds)',
    ]);
    expect(seedLines(aggregateSeeds(dir, [4]))[0]).toBe('test.T12.ceLast3: rim 0.0400, lstm 1.8000 (1 seed)');
  });

  it('takes a seed\'s eval.json over its final evaluation where it measured the same checkpoint on more examples', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trainer-seeds-file-'));
    expect(resolveRunConfig(PRESETS.tiny!).train.finalEvalSize).toBe(32);
    // seed 1: 64 examples per set for the RIM (the LSTM has no evaluation there: its final one stands)
    fakeSeed(dir, 1, { rim: { [H]: 1, 'test.T12.ceAll': 0.5 }, lstm: { [H]: 2 } }, { evalMetrics: { rim: { [H]: 1.5, 'test.T24.ceLast3': 4 } }, evalSize: 64 });
    // seed 2: fewer examples than the final evaluation: only its new keys count
    fakeSeed(dir, 2, { rim: { [H]: 3 }, lstm: { [H]: 2 } }, { evalMetrics: { rim: { [H]: 9, 'test.T24.ceLast3': 5 } }, evalSize: 16 });
    // seed 3: more examples, but of an earlier checkpoint than the final one: ignored
    fakeSeed(dir, 3, { rim: { [H]: 2 }, lstm: { [H]: 2 } }, { evalMetrics: { rim: { [H]: 9, 'test.T24.ceLast3': 6 } }, evalSize: 64, evalStep: 10 });
    const file = aggregateSeeds(dir, [1, 2, 3]);
    expect(file.models.rim![H]!.values).toEqual([1.5, 3, 2]);
    expect(file.models.rim!['test.T12.ceAll']!.values).toEqual([0.5]); // the final evaluation's other keys stay
    expect(file.models.rim!['test.T24.ceLast3']!.values).toEqual([4, 5]);
    expect(file.models.lstm![H]!.values).toEqual([2, 2, 2]);
    expect(file.runs.map((r) => r.examplesPerSet)).toEqual([{ rim: 64, lstm: 32 }, { rim: 32, lstm: 32 }, { rim: 32, lstm: 32 }]);
    const md = seedsReportMarkdown(file);
    expect(md).toContain('- seed 1 (finished, 1.0 min on cpu; metrics on 64 examples per set (rim); metrics on 32 examples per set (lstm)): [seed-1/report.md]');
    expect(md).toContain('- seed 2 (finished, 1.0 min on cpu; metrics on 32 examples per set (rim, lstm)): [seed-2/report.md]');
  });

  it('refuses a folder that is not a seed run, and seeds of different presets', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trainer-seeds-file-'));
    expect(() => aggregateSeeds(dir, [1])).toThrow(ConfigError);
    expect(() => aggregateSeeds(dir, [1])).toThrow(`readRunConfig: ${join(dir, 'seed-1')} is not a run folder (no run.json)`);
    expect(() => readSeedsFile(dir)).toThrow(`readSeedsFile: ${dir} is not a seeds run (no seeds.json)`);
    fakeSeed(dir, 1, { rim: { [H]: 1 } });
    writeJson(join(dir, 'seed-2', 'run.json'), resolveRunConfig(PRESETS['copying-cpu']!, { train: { seed: 2 } }));
    expect(() => aggregateSeeds(dir, [1, 2])).toThrow(`aggregateSeeds: ${join(dir, 'seed-2')} was trained differently from seed 1: preset copying-cpu against tiny`);
  });

  it('takes a seed of another preset that builds the same models and trains them the same (mnist14-cpu beside the committed mnist-small command)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trainer-seeds-file-'));
    const committed = new URL('../../results/mnist14-wsd-rim/seed-1/run.json', import.meta.url);
    writeJson(join(dir, 'seed-1', 'run.json'), JSON.parse(readFileSync(committed, 'utf8')));
    expect(readRunConfig(join(dir, 'seed-1')).preset).toBe('mnist-small');
    const preset = (seed: number, overrides: NonNullable<Parameters<typeof resolveRunConfig>[1]> = {}) =>
      resolveRunConfig(PRESETS['mnist14-cpu']!, { models: ['rim'], ...overrides, train: { seed, ...overrides.train } });
    writeJson(join(dir, 'seed-4', 'run.json'), preset(4));
    expect(aggregateSeeds(dir, [1, 4]).preset).toBe('mnist-small');
    // ... but not where the other preset builds its models otherwise, or trains them otherwise
    writeJson(join(dir, 'seed-4', 'run.json'), preset(4, { sizes: { initStd: 0.01 } }));
    expect(() => aggregateSeeds(dir, [1, 4])).toThrow(`aggregateSeeds: ${join(dir, 'seed-4')} was trained differently from seed 1: preset mnist14-cpu against mnist-small`);
    writeJson(join(dir, 'seed-4', 'run.json'), preset(4, { train: { steps: 4000 } }));
    expect(() => aggregateSeeds(dir, [1, 4])).toThrow('was trained differently from seed 1: train.steps 4000 against 9000');
  });

  it('refuses seeds trained with other sizes or updates, and takes other execution and logging settings', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trainer-seeds-file-'));
    fakeSeed(dir, 1, { rim: { [H]: 1 } });
    const seed2 = (overrides: NonNullable<Parameters<typeof resolveRunConfig>[1]>): void => writeJson(join(dir, 'seed-2', 'run.json'), resolveRunConfig(PRESETS.tiny!, { ...overrides, train: { seed: 2, ...overrides.train } }));
    const initStd = resolveRunConfig(PRESETS.tiny!, {}).sizes.initStd;
    seed2({ sizes: { initStd: 0.25 } });
    expect(() => aggregateSeeds(dir, [1, 2])).toThrow(`aggregateSeeds: ${join(dir, 'seed-2')} was trained differently from seed 1: sizes.initStd 0.25 against ${JSON.stringify(initStd)}`);
    seed2({ train: { lr: 0.5 } });
    expect(() => aggregateSeeds(dir, [1, 2])).toThrow(/was trained differently from seed 1: train\.lr 0\.5 against /);
    seed2({ train: { weightDecay: 0.1 } });
    expect(() => aggregateSeeds(dir, [1, 2])).toThrow(/train\.weightDecay 0\.1 against /);
    seed2({ train: { threads: 2, evalEvery: 7, backend: 'cpu' } });
    expect(aggregateSeeds(dir, [1, 2]).seeds).toEqual([1, 2]);
    // a run folder written before schedules and weight decay existed trains as constant, no warm-up, no decay
    const old = resolveRunConfig(PRESETS.tiny!, { train: { seed: 2 } });
    const { lrSchedule: _s, warmupSteps: _w, weightDecay: _d, ...oldTrain } = old.train;
    writeJson(join(dir, 'seed-2', 'run.json'), { ...old, train: oldTrain });
    expect(aggregateSeeds(dir, [1, 2]).seeds).toEqual([1, 2]);
    // ... and one written before the later sizes fields existed has their defaults (SIZE_DEFAULTS, as a resume fills them)
    const { embeddingDropout: _e, attentionDropout: _a, forgetBias: _f, initStd: _i, inputDropoutPer: _p, ...oldSizes } = old.sizes;
    writeJson(join(dir, 'seed-2', 'run.json'), { ...old, sizes: oldSizes });
    expect(aggregateSeeds(dir, [1, 2]).seeds).toEqual([1, 2]);
    writeJson(join(dir, 'seed-1', 'run.json'), resolveRunConfig(PRESETS.tiny!, { sizes: { forgetBias: 1 } }));
    expect(() => aggregateSeeds(dir, [1, 2])).toThrow(`was trained differently from seed 1: sizes.forgetBias 0 against 1`);
  });

  it('finds the seed-<n> folders that hold a run, in seed order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trainer-seeds-file-'));
    expect(seedFoldersIn(join(dir, 'absent'))).toEqual([]);
    for (const seed of [10, 2, 3]) fakeSeed(dir, seed, { rim: { [H]: seed } });
    writeJson(join(dir, 'seed-7', 'notes.json'), {}); // no run.json
    writeJson(join(dir, 'seed-01', 'run.json'), {}); // not a seed folder's name
    writeJson(join(dir, 'seeds-4', 'run.json'), {});
    expect(seedFoldersIn(dir)).toEqual([2, 3, 10]);
  });
});
