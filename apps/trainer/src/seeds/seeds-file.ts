import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '@rimjs/core';
import { readJsonIfExists, summarize, writeJson } from '@rimjs/runkit';
import type { MemoryCensus } from '../analysis/memory-census.js';
import type { EvalFile } from '../eval/evaluate-run.js';
import type { RunConfig, TaskSpec } from '../presets/preset-types.js';
import { sizesWithDefaults } from '../presets/presets.js';
import { lrScheduleOf } from '../run/identity.js';
import { RUN_FILES, readRunConfig } from '../run/run-paths.js';
import { headlineKey } from '../tasks/metric-keys.js';
import type { RunSummary } from '../train/train-run.js';

/** The parent folder's file of a seeds run. */
export const SEEDS_FILE = 'seeds.json';

/** The folder of seed `seed` inside a seeds run: `seed-<n>`. */
export const seedDirName = (seed: number): string => `seed-${seed}`;

/** Whether `dir` is the parent folder of a seeds run (it holds seeds.json). */
export const isSeedsDir = (dir: string): boolean => existsSync(join(dir, SEEDS_FILE));

/**
 * The seeds `n` of the `seed-<n>` folders in `dir` that hold a run.json, ascending: a seeds run's
 * folders, or separately trained `--seed <n>` runs moved into one folder (which
 * `pnpm train report <dir>` then summarises as a seeds run).
 */
export function seedFoldersIn(dir: string): number[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((name) => /^seed-(0|[1-9]\d{0,8})$/.exec(name))
    .filter((m): m is RegExpExecArray => m !== null && existsSync(join(dir, m[0], RUN_FILES.run)))
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
}

/**
 * The training settings that must agree between seeds for their mean to mean anything (the seed
 * itself, execution and logging may differ), with the defaults of run folders written before a
 * setting existed filled in as `identityOf` fills them (constant rate, no warm-up, no decay).
 */
function trainingOf(run: RunConfig): object {
  const { batchSize, clip, weightDecay = 0 } = run.train;
  const { lr, schedule, warmupSteps, steps, decaySteps } = lrScheduleOf(run);
  return { steps, batchSize, lr, lrSchedule: schedule, warmupSteps, decaySteps, clip, weightDecay }; // decaySteps: a wsd's only
}

/** Equal as run.json stores them. */
function sameJson(x: unknown, y: unknown): boolean {
  return JSON.stringify(x) === JSON.stringify(y);
}

/** The first field of `section` whose value differs between `a` and `b` (over both's fields), as `section.field <b's> against <a's>`; null when none does. */
function fieldDifference(section: string, a: object, b: object): string | null {
  const [x, y] = [a as Record<string, unknown>, b as Record<string, unknown>];
  const key = [...new Set([...Object.keys(x), ...Object.keys(y)])].find((k) => !sameJson(x[k], y[k]));
  return key === undefined ? null : `${section}.${key} ${JSON.stringify(y[key])} against ${JSON.stringify(x[key])}`;
}

/** The models of a run as they are built, less the weights' seed (which differs between seeds). */
function modelsBeyondSeed(run: RunConfig): unknown {
  return run.models.map(({ name, config: { seed: _seed, ...config } }) => ({ name, config }));
}

/**
 * What differs between two seeds' run configs beyond the seed: `sizes`, the models, the task or a
 * training setting; null when nothing does. Two presets are one run when everything else agrees
 * and their models are built the same (`mnist14-cpu` and the `mnist-small` command with its options).
 */
function configDifference(a: RunConfig, b: RunConfig): string | null {
  if (a.preset !== b.preset && !sameJson(modelsBeyondSeed(a), modelsBeyondSeed(b))) return `preset ${b.preset} against ${a.preset}`;
  if (!sameJson(a.task, b.task)) return `task ${JSON.stringify(b.task)} against ${JSON.stringify(a.task)}`;
  const names = (r: RunConfig): string => r.models.map((m) => m.name).join(',');
  if (names(a) !== names(b)) return `models ${names(b)} against ${names(a)}`;
  // sizes with the defaults of fields added after a run.json was written, as a resume reads them
  return fieldDifference('sizes', sizesWithDefaults(a.sizes), sizesWithDefaults(b.sizes)) ?? fieldDifference('train', trainingOf(a), trainingOf(b));
}

/** One metric of one model over the seeds that finished it. */
export interface SeedMetric {
  /** The seeds that have a value, in the run's seed order; `values[i]` is seed `seeds[i]`'s. */
  seeds: number[];
  values: number[];
  n: number;
  mean: number;
  /** Sample standard deviation (n - 1); 0 for one seed. */
  std: number;
  min: number;
  max: number;
}

/** One seed's run folder as the parent sees it. */
export interface SeedRunState {
  seed: number;
  /** Relative to the parent: `seed-<n>`. */
  dir: string;
  /** Every model of the seed finished. */
  completed: boolean;
  /** Sum of the seed's models' training wall times; null before its summary.json exists. */
  wallTimeSec: number | null;
  backend: string | null;
  /**
   * Per finished model, the examples per evaluation set behind its final metrics: the seed's
   * `eval.json` size where that evaluation of the model's last step used more examples than
   * training's final one (`pnpm train eval --eval-size 1000`), else the run's `finalEvalSize`.
   * Absent in seeds files written before it.
   */
  examplesPerSet?: Record<string, number>;
}

/**
 * `<out>/seeds.json`: every seed's final metrics and their mean and spread, per model and metric
 * (`models.rim['test.T40.ceLast10'].mean`). A model's metrics count only seeds where it
 * finished; a seed's `eval.json` (from `pnpm train eval`) of its last step adds its
 * out-of-distribution keys, and where it used more examples per set than training's final
 * evaluation its values replace the final ones (`runs[i].examplesPerSet` says which, per model).
 */
export interface SeedsFile {
  format: 'rimjs-trainer-seeds/1';
  preset: string;
  seeds: number[];
  task: TaskSpec;
  /** The key that carries the preset's claim (`summary.json`'s `headline`). */
  headline: string;
  /** Every seed finished every model. */
  completed: boolean;
  /** Sum over seeds of their wall times (as if run in sequence), in seconds. */
  wallTimeSec: number;
  runs: SeedRunState[];
  models: Record<string, Record<string, SeedMetric>>;
  /**
   * Copying: each seed's memory census from its `eval.json`, per model and seed
   * (`census.rim['1']`), under the same rule as the metrics (a finished model, evaluated at its
   * last step). Absent in seeds files written before the census.
   */
  census?: Record<string, Record<string, MemoryCensus[]>>;
}

/**
 * Reads the seed folders `<dir>/seed-<n>/` of `seeds` (each a complete trainer run folder) and
 * returns their {@link SeedsFile}, metrics summarised with runkit's `summarize`.
 *
 * @throws ConfigError when a seed folder has no run.json, or a seed was trained differently from
 *   the first beyond its seed (task, models, `sizes`, or steps, batch, learning rate and its
 *   schedule, clipping or weight decay; another preset only where its models are built
 *   otherwise), naming the first difference.
 * @example
 * aggregateSeeds('runs/copying-cpu-x', [1, 2, 3]).models.rim['test.T40.ceLast10']; // { n: 3, mean, std, values, ... }
 */
export function aggregateSeeds(dir: string, seeds: readonly number[]): SeedsFile {
  const runs: SeedRunState[] = [];
  const configs = seeds.map((seed) => readRunConfig(join(dir, seedDirName(seed))));
  const first = configs[0];
  if (!first) throw new ConfigError(`aggregateSeeds: 'seeds' must name at least one seed, got none`);
  configs.forEach((c, i) => {
    const difference = configDifference(first, c);
    if (difference !== null) throw new ConfigError(`aggregateSeeds: ${join(dir, seedDirName(seeds[i]!))} was trained differently from seed ${seeds[0]}: ${difference}`);
  });
  const collected: Record<string, Record<string, Array<[number, number]>>> = Object.fromEntries(first.models.map((m) => [m.name, {}]));
  const census: NonNullable<SeedsFile['census']> = {};
  for (const [i, seed] of seeds.entries()) {
    const sdir = join(dir, seedDirName(seed));
    const summary = readJsonIfExists<RunSummary>(join(sdir, RUN_FILES.summary));
    const evalFile = readJsonIfExists<EvalFile>(join(sdir, RUN_FILES.eval));
    const finalSize = configs[i]!.train.finalEvalSize;
    const examplesPerSet: Record<string, number> = {};
    for (const [model, s] of Object.entries(summary?.models ?? {})) {
      if (!s.completed) continue;
      const evaluated = evalFile?.models[model];
      const current = evaluated && evaluated.step === s.steps ? evaluated : null;
      // the larger evaluation of the same checkpoint wins a metric both hold; the other adds its keys
      const larger = current !== null && evalFile !== null && evalFile.size > finalSize;
      examplesPerSet[model] = larger ? evalFile.size : finalSize;
      const metrics = larger ? { ...s.metrics, ...current.metrics } : { ...current?.metrics, ...s.metrics };
      if (current?.census) (census[model] ??= {})[String(seed)] = current.census;
      const into = (collected[model] ??= {});
      for (const [key, value] of Object.entries(metrics)) if (Number.isFinite(value)) (into[key] ??= []).push([seed, value]);
    }
    runs.push({ seed, dir: seedDirName(seed), completed: summary?.completed === true, wallTimeSec: summary ? summary.wallTimeSec : null, backend: summary?.backend.name ?? null, examplesPerSet });
  }
  const models: SeedsFile['models'] = {};
  for (const [model, keys] of Object.entries(collected)) {
    models[model] = {};
    for (const [key, pairs] of Object.entries(keys)) {
      const { n, mean, std, min, max } = summarize(pairs.map(([, v]) => v));
      models[model][key] = { seeds: pairs.map(([s]) => s), values: pairs.map(([, v]) => v), n, mean, std, min, max };
    }
  }
  return {
    format: 'rimjs-trainer-seeds/1',
    preset: first.preset,
    seeds: [...seeds],
    task: first.task,
    headline: headlineKey(first.task),
    completed: runs.every((r) => r.completed),
    wallTimeSec: runs.reduce((s, r) => s + (r.wallTimeSec ?? 0), 0),
    runs,
    models,
    census,
  };
}

/**
 * Reads `<dir>/seeds.json`.
 * @throws ConfigError when it is missing or not a seeds file.
 */
export function readSeedsFile(dir: string): SeedsFile {
  const path = join(dir, SEEDS_FILE);
  const file = readJsonIfExists<SeedsFile>(path);
  if (file === null) throw new ConfigError(`readSeedsFile: ${dir} is not a seeds run (no ${SEEDS_FILE})`);
  if (file.format !== 'rimjs-trainer-seeds/1') throw new ConfigError(`readSeedsFile: ${path}: 'format' must be "rimjs-trainer-seeds/1", got ${JSON.stringify(file.format)}`);
  return file;
}

/** Re-reads every seed folder of the seeds run in `dir` and rewrites its seeds.json (atomically). */
export function refreshSeedsFile(dir: string, seeds: readonly number[] = readSeedsFile(dir).seeds): SeedsFile {
  const file = aggregateSeeds(dir, seeds);
  writeJson(join(dir, SEEDS_FILE), file);
  return file;
}
