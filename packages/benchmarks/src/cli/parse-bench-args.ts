import { parseArgs } from 'node:util';
import { ConfigCheck, ConfigError } from '@rimjs/core';

/** The options of `pnpm bench`, parsed. */
export interface BenchCliOptions {
  /** `--full`: every case, more runs. Default quick. */
  full: boolean;
  /** `--suite a,b`: suites to run; empty = all. */
  suites: string[];
  /** `--backend wasm,cpu`: backends; default `auto`. */
  backends: string[];
  /** `--case text`: only cases whose id contains it. */
  caseFilter: string | null;
  /** `--json`: print the results JSON on stdout (progress goes to stderr). */
  json: boolean;
  /** `--out dir`: report folder; default `bench-results/<time>`. */
  out: string | null;
  /** `--compare old.json`: compare against a previous results file. */
  compare: string | null;
  /** `--threshold 0.1`: regression threshold. */
  threshold: number;
  /** `--fail-on-regression`: exit 1 when the comparison flags one. */
  failOnRegression: boolean;
  /** `--runs N`, `--warmup N`: override the quick/full defaults. */
  runs: number | null;
  warmup: number | null;
  /** `--seed N`. Default 42. */
  seed: number;
  /** `--list`: list suites and cases, run nothing. */
  list: boolean;
  /** `--help`. */
  help: boolean;
}

/** The `--help` text. */
export const BENCH_USAGE = `Usage: pnpm bench [options]
  --full                 every case, more runs (default: quick)
  --suite a,b            suites to run (default: all)
  --backend wasm,cpu     backends, each started with initBackend (default: auto)
  --case text            only cases whose id contains text
  --json                 print the results JSON on stdout
  --out dir              report folder (default: bench-results/<time>)
  --compare old.json     compare against a previous results.json
  --threshold 0.1        regression threshold on msMedian (default 0.1 = 10 %)
  --fail-on-regression   exit 1 when a regression is flagged
  --runs N, --warmup N   override the run counts
  --seed N               seed of every case (default 42)
  --list                 list suites and cases
  --help                 this text`;

const list = (text: string | undefined): string[] => (text ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0);

/**
 * Parses the arguments of `pnpm bench`.
 *
 * @throws ConfigError naming an unknown option or a bad value.
 * @example
 * parseBenchArgs(['--full', '--backend', 'wasm,cpu', '--compare', 'old.json']);
 */
export function parseBenchArgs(argv: readonly string[]): BenchCliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        full: { type: 'boolean', default: false },
        suite: { type: 'string' },
        backend: { type: 'string' },
        case: { type: 'string' },
        json: { type: 'boolean', default: false },
        out: { type: 'string' },
        compare: { type: 'string' },
        threshold: { type: 'string' },
        'fail-on-regression': { type: 'boolean', default: false },
        runs: { type: 'string' },
        warmup: { type: 'string' },
        seed: { type: 'string' },
        list: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (e) {
    throw new ConfigError(`pnpm bench: ${(e as Error).message}`);
  }
  const num = (text: string | undefined): number | null => (text === undefined ? null : Number(text));
  const threshold = num(values.threshold) ?? 0.1;
  const runs = num(values.runs);
  const warmup = num(values.warmup);
  const seed = num(values.seed) ?? 42;
  const check = new ConfigCheck('pnpm bench');
  check.number('--threshold', threshold, 0);
  if (runs !== null) check.integer('--runs', runs, 1);
  if (warmup !== null) check.integer('--warmup', warmup, 0);
  check.integer('--seed', seed, 0);
  check.throwIfAny();
  const backends = list(values.backend);
  return {
    full: values.full,
    suites: list(values.suite),
    backends: backends.length > 0 ? backends : ['auto'],
    caseFilter: values.case ?? null,
    json: values.json,
    out: values.out ?? null,
    compare: values.compare ?? null,
    threshold,
    failOnRegression: values['fail-on-regression'],
    runs,
    warmup,
    seed,
    list: values.list,
    help: values.help,
  };
}
