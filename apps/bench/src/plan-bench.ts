import { ConfigCheck, ConfigError } from '@rimjs/core';
import { parseBenchArgs, type BenchCliOptions } from '@rimjs/benchmarks';
import { ACCURACY_MODELS, ACCURACY_PRESETS, type AccuracyModel, type AccuracyPreset } from './accuracy/accuracy-tasks.js';

/** What `pnpm bench <argv>` will do. */
export interface BenchPlan {
  /** The harness's options, parsed from {@link BenchPlan.benchArgv}. */
  options: BenchCliOptions;
  /** Arguments for the harness's `runCli`: the app's options taken out, its defaults put in; null when only the accuracy suite runs. */
  benchArgv: string[] | null;
  /** The accuracy suite, when `--suite` names it. */
  accuracy: { preset: AccuracyPreset; models: AccuracyModel[]; backend?: string } | null;
  /** The report folder every suite writes to. */
  out: string;
  /** How the timing suites run RIM layers (`--engine`, default fused). */
  engine: 'fused' | 'composed';
}

/** The app's options on top of the harness's (`BENCH_USAGE`). */
export const APP_USAGE = `Benchmark app options:
  --suite accuracy       also: train the trainer's presets and tabulate accuracy beside the paper (not in the default run)
  --preset small|paper   accuracy: which trainer presets (default small; paper wants a GPU)
  --models rim,lstm,gru  accuracy: models to train (default rim,lstm,gru)
  --engine fused|composed  speed, scaling: how RIM layers run (default fused: one fused op per layer
                         with a hand-written backward; composed: the per-step reference path)
Defaults of this app: quick runs use 1 warm-up + 3 timed runs; --full without --backend runs every
available backend (tensorflow if installed, wasm, cpu). Suites: speed, scaling, groupLinear, accuracy.`;

const APP_OPTIONS = ['--preset', '--models'] as const;
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

const given = (argv: readonly string[], name: string): boolean => argv.some((a) => a === name || a.startsWith(`${name}=`));

/**
 * Parses `pnpm bench` for the benchmark app: the harness's options (`parseBenchArgs`), plus
 * `--suite accuracy`, `--preset` and `--models`; fills in the app's defaults (quick: 1 warm-up
 * and 3 runs; `--full`: every available backend; one report folder `bench-results/<time>`).
 *
 * @param now the time the default report folder is named after
 * @param backends what `--full` runs without `--backend` (default: tensorflow if installed, wasm, cpu)
 * @throws ConfigError naming an unknown option, a bad value, or an option that does not apply.
 * @example
 * planBench(['--suite', 'speed,accuracy', '--preset', 'paper']).accuracy; // { preset: 'paper', models: [...] }
 */
export function planBench(argv: readonly string[], now = new Date(), backends: () => string[] = () => ['wasm', 'cpu']): BenchPlan {
  const rest = [...argv];
  const preset = takeOption(rest, '--preset');
  const models = takeOption(rest, '--models');
  const engine = takeOption(rest, '--engine') ?? 'fused';
  const options = parseBenchArgs(rest);
  const accuracyAsked = options.suites.includes('accuracy');
  const timing = options.suites.filter((s) => s !== 'accuracy');
  const runTimings = options.suites.length === 0 || timing.length > 0;
  const check = new ConfigCheck('pnpm bench');
  const accuracyModels = models === undefined ? [...ACCURACY_MODELS] : list(models);
  if (preset !== undefined) check.oneOf('--preset', preset, ACCURACY_PRESETS);
  check.oneOf('--engine', engine, ['fused', 'composed']);
  accuracyModels.forEach((m, i) => check.oneOf(`--models[${i}]`, m, ACCURACY_MODELS));
  check.require(accuracyModels.length > 0, '--models', () => 'must name at least one model');
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
  const accuracy = accuracyAsked
    ? { preset: (preset ?? 'small') as AccuracyPreset, models: accuracyModels as AccuracyModel[], ...(backend && backend !== 'auto' ? { backend } : {}) }
    : null;
  return { options: benchArgv ? parseBenchArgs(benchArgv) : options, benchArgv, accuracy, out, engine: engine as 'fused' | 'composed' };
}
