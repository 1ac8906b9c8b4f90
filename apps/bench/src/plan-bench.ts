import { ConfigCheck, ConfigError } from '@rimjs/core';
import { parseBenchArgs, type BenchCliOptions } from '@rimjs/benchmarks';
import { ACCURACY_DEFAULTS, ACCURACY_MODELS, ACCURACY_PRESETS } from './accuracy/accuracy-tasks.js';

/** What the accuracy suite runs (see `runAccuracy`). */
export interface AccuracyPlan {
  /** Trainer presets (`--presets`, default copying-cpu, adding-cpu, mnist-cpu). */
  presets: string[];
  /** `--seeds`, default 1, 2, 3. */
  seeds: number[];
  /** Seeds trained at once (`--parallel`, default 2). */
  parallel: number;
  /** `--models`; absent: each preset's own models. */
  models?: string[];
  /** The trainer's backend: the first of `--backend` unless `auto`. */
  backend?: string;
  /** `--from <dir...>`: read these finished seeds folders instead of training. */
  from?: string[];
}

/** What `pnpm bench <argv>` will do. */
export interface BenchPlan {
  /** The harness's options, parsed from {@link BenchPlan.benchArgv}. */
  options: BenchCliOptions;
  /** Arguments for the harness's `runCli`: the app's options taken out, its defaults put in; null when only the accuracy suite runs. */
  benchArgv: string[] | null;
  /** The accuracy suite, when `--suite` names it. */
  accuracy: AccuracyPlan | null;
  /** The report folder every suite writes to. */
  out: string;
  /** How the timing suites run RIM layers (`--engine`, default fused). */
  engine: 'fused' | 'composed';
}

/** The app's options on top of the harness's (`BENCH_USAGE`). */
export const APP_USAGE = `Benchmark app options:
  --suite accuracy       also: train the trainer's CPU presets over seeds and tabulate mean ± std beside the paper (not in the default run)
  --presets a,b,c        accuracy: trainer presets (default ${ACCURACY_PRESETS.join(',')})
  --seeds 1,2,3          accuracy: seeds per preset (default ${ACCURACY_DEFAULTS.seeds.join(',')})
  --parallel N           accuracy: seeds trained at once, in child processes (default ${ACCURACY_DEFAULTS.parallel})
  --models rim,lstm      accuracy: models to train (default each preset's own)
  --from <dir...>        accuracy: train nothing; tabulate the finished seeds folders in these folders
  --engine fused|composed  speed, scaling: how RIM layers run (default fused: one fused op per layer
                         with a hand-written backward; composed: the per-step reference path)
Defaults of this app: quick runs use 1 warm-up + 3 timed runs; --full without --backend runs every
available backend (tensorflow if installed, wasm, cpu). Suites: speed, scaling, groupLinear, accuracy.`;

const APP_OPTIONS = ['--presets', '--seeds', '--parallel', '--models', '--from'] as const;
const list = (text: string): string[] => text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);

function stamp(date: Date): string {
  return date.toISOString().replace(/\.\d+Z$/, '').replace(/[-:]/g, '').replace('T', '-');
}

/** Takes `--name value` / `--name=value` out of `argv`. @throws ConfigError when the value is missing. */
function takeOption(argv: string[], name: string): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === name) {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) throw new ConfigError(`pnpm bench: option '${name} <value>' argument missing`);
      value = v;
      argv.splice(i, 2);
      i--;
    } else if (a.startsWith(`${name}=`)) {
      value = a.slice(name.length + 1);
      argv.splice(i, 1);
      i--;
    }
  }
  return value;
}

/** Takes `--name v1 v2 ...` (every value up to the next option; repeatable) and `--name=v` out of `argv`. */
function takeList(argv: string[], name: string): string[] | undefined {
  let values: string[] | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === name) {
      let j = i + 1;
      while (j < argv.length && !argv[j]!.startsWith('--')) j++;
      if (j === i + 1) throw new ConfigError(`pnpm bench: option '${name} <value...>' argument missing`);
      values = [...(values ?? []), ...argv.slice(i + 1, j)];
      argv.splice(i, j - i);
      i--;
    } else if (a.startsWith(`${name}=`)) {
      values = [...(values ?? []), a.slice(name.length + 1)];
      argv.splice(i, 1);
      i--;
    }
  }
  return values;
}

const given = (argv: readonly string[], name: string): boolean => argv.some((a) => a === name || a.startsWith(`${name}=`));

/**
 * Parses `pnpm bench` for the benchmark app: the harness's options (`parseBenchArgs`), plus
 * `--suite accuracy` with `--presets`, `--seeds`, `--parallel`, `--models` and `--from`; fills in the app's defaults (quick: 1 warm-up
 * and 3 runs; `--full`: every available backend; one report folder `bench-results/<time>`).
 *
 * @param now the time the default report folder is named after
 * @param backends what `--full` runs without `--backend` (default: tensorflow if installed, wasm, cpu)
 * @throws ConfigError naming an unknown option, a bad value, or an option that does not apply.
 * @example
 * planBench(['--suite', 'speed,accuracy', '--seeds', '1,2']).accuracy; // { presets: ['copying-cpu', 'adding-cpu', 'mnist-cpu'], seeds: [1, 2], parallel: 2 }
 */
export function planBench(argv: readonly string[], now = new Date(), backends: () => string[] = () => ['wasm', 'cpu']): BenchPlan {
  const rest = [...argv];
  const presets = takeOption(rest, '--presets');
  const seeds = takeOption(rest, '--seeds');
  const parallel = takeOption(rest, '--parallel');
  const models = takeOption(rest, '--models');
  const from = takeList(rest, '--from');
  const engine = takeOption(rest, '--engine') ?? 'fused';
  const options = parseBenchArgs(rest);
  const accuracyAsked = options.suites.includes('accuracy');
  const timing = options.suites.filter((s) => s !== 'accuracy');
  const runTimings = options.suites.length === 0 || timing.length > 0;
  const check = new ConfigCheck('pnpm bench');
  const accuracyPresets = presets === undefined ? [...ACCURACY_PRESETS] : list(presets);
  accuracyPresets.forEach((p, i) => check.require(/^[a-z0-9][a-z0-9-]*$/.test(p), `--presets[${i}]`, () => `must be a trainer preset name (pnpm train presets), got ${JSON.stringify(p)}`));
  check.require(accuracyPresets.length > 0, '--presets', () => 'must name at least one preset');
  const seedList = seeds === undefined ? [...ACCURACY_DEFAULTS.seeds] : list(seeds).map(Number);
  check.require(seedList.length > 0 && seedList.every((x) => Number.isSafeInteger(x) && x >= 0) && new Set(seedList).size === seedList.length, '--seeds', () =>
    `must be distinct integers >= 0, e.g. 1,2,3, got ${JSON.stringify(seeds)}`,
  );
  const parallelN = parallel === undefined ? ACCURACY_DEFAULTS.parallel : Number(parallel);
  check.integer('--parallel', parallelN, 1);
  check.oneOf('--engine', engine, ['fused', 'composed']);
  const accuracyModels = models === undefined ? undefined : list(models);
  accuracyModels?.forEach((m, i) => check.oneOf(`--models[${i}]`, m, ACCURACY_MODELS));
  if (accuracyModels) check.require(accuracyModels.length > 0, '--models', () => 'must name at least one model');
  if (from) for (const name of ['--presets', '--seeds', '--parallel', '--models']) if (given(argv, name)) check.require(false, name, () => 'trains; --from only reads finished seeds folders');
  for (const name of APP_OPTIONS) {
    if (!accuracyAsked && given(argv, name)) check.require(false, name, () => 'applies only to --suite accuracy');
  }
  if (accuracyAsked && runTimings && options.json) {
    check.require(false, '--json', () => `prints one results file: run --suite accuracy on its own, or without --json (got --suite ${options.suites.join(',')})`);
  }
  check.throwIfAny();

  const out = options.out ?? `bench-results/${stamp(now)}`;
  let benchArgv: string[] | null = null;
  if (runTimings) {
    benchArgv = rest.filter((a, i) => !(a === '--suite' || a.startsWith('--suite=') || rest[i - 1] === '--suite'));
    if (timing.length > 0) benchArgv.push('--suite', timing.join(','));
    if (!options.full && options.warmup === null) benchArgv.push('--warmup', '1');
    if (!options.full && options.runs === null) benchArgv.push('--runs', '3');
    if (options.full && !given(rest, '--backend')) benchArgv.push('--backend', backends().join(','));
    if (options.out === null) benchArgv.push('--out', out);
  }
  const backend = options.backends[0];
  const accuracy: AccuracyPlan | null = accuracyAsked
    ? {
        presets: accuracyPresets, seeds: seedList, parallel: parallelN,
        ...(accuracyModels ? { models: accuracyModels } : {}),
        ...(backend && backend !== 'auto' ? { backend } : {}),
        ...(from ? { from } : {}),
      }
    : null;
  return { options: benchArgv ? parseBenchArgs(benchArgv) : options, benchArgv, accuracy, out, engine: engine as 'fused' | 'composed' };
}
