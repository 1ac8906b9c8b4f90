import { fileURLToPath } from 'node:url';
import { BENCH_USAGE, groupLinearSuite, runCli, scalingSuite, speedSuite, type CliIo, type Suite } from '@rimjs/benchmarks';
import { RimjsError } from '@rimjs/core';
import { runAccuracy } from './accuracy/run-accuracy.js';
import type { RunTrainer } from './accuracy/run-trainer.js';
import { availableBackends } from './available-backends.js';
import { APP_USAGE, planBench } from './plan-bench.js';

/** What {@link runBenchCli} runs with; tests replace parts. */
export interface BenchCliDeps {
  /** The timing suites. Default speed, scaling and groupLinear of @rimjs/benchmarks. */
  suites?: readonly Suite[];
  /** Starts a trainer run for the accuracy suite (default: a child process). */
  runTrainer?: RunTrainer;
  /** The repository root (holds apps/trainer). Default: two folders above this app. */
  root?: string;
  /** What `--full` runs without `--backend`. Default {@link availableBackends}. */
  backends?: () => string[];
  io?: CliIo;
}

/** The suites `pnpm bench` times: speed, scaling (RIM layers on `engine`) and the GroupLinear primitives. */
export function defaultSuites(engine: 'fused' | 'composed' = 'fused'): Suite[] {
  return [speedSuite({ engine }), scalingSuite({ engine }), groupLinearSuite()];
}

/**
 * `pnpm bench`: the harness's `runCli` over the model suites (speed, scaling, groupLinear), plus
 * the accuracy suite on `--suite accuracy`. Every suite writes into one report folder
 * (`--out`, default `bench-results/<time>`): results.json, report.md and the SVG charts of the
 * timing suites; accuracy.json and accuracy.md of the accuracy suite.
 *
 * @returns the exit code: 0 ok; 1 a case or a trainer run failed (or a regression with
 * `--fail-on-regression`); 2 bad arguments.
 * @example
 * process.exitCode = await runBenchCli(process.argv.slice(2));
 */
export async function runBenchCli(argv: readonly string[], deps: BenchCliDeps = {}): Promise<number> {
  const stdout = deps.io?.stdout ?? ((t: string) => void process.stdout.write(`${t}\n`));
  const stderr = deps.io?.stderr ?? ((t: string) => void process.stderr.write(`${t}\n`));
  let plan;
  try {
    plan = planBench(argv, new Date(), deps.backends ?? availableBackends);
  } catch (e) {
    if (!(e instanceof RimjsError)) throw e;
    stderr(`${e.message}\n\n${BENCH_USAGE}\n${APP_USAGE}`);
    return 2;
  }
  const suites = deps.suites ?? defaultSuites(plan.engine);
  if (plan.options.help) {
    stdout(`${BENCH_USAGE}\n${APP_USAGE}`);
    return 0;
  }
  if (plan.options.list) {
    const code = await runCli(['--list'], suites, { stdout, stderr });
    stdout('accuracy: trainer presets copying-cpu, adding-cpu, mnist-cpu over seeds 1, 2, 3 (--presets, --seeds, --parallel, --from), mean ± std beside the paper; only with --suite accuracy');
    return code;
  }
  let code = 0;
  if (plan.benchArgv) code = await runCli(plan.benchArgv, suites, { stdout, stderr });
  if (plan.accuracy && code !== 2) {
    const root = deps.root ?? fileURLToPath(new URL('../../../', import.meta.url));
    let acc;
    try {
      acc = await runAccuracy({ ...plan.accuracy, out: plan.out, root, log: stderr, ...(deps.runTrainer ? { runTrainer: deps.runTrainer } : {}) });
    } catch (e) {
      if (!(e instanceof RimjsError)) throw e;
      stderr(e.message); // a --from folder without a seeds run
      return 2;
    }
    if (plan.options.json) stdout(JSON.stringify(acc.results, null, 2));
    else stderr(acc.markdown);
    code = Math.max(code, acc.code);
  }
  return code;
}
