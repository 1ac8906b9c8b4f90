import { fileURLToPath } from 'node:url';
import { type ChildRun, JobPool, SIGNAL_EXIT, spawnNodePrefixed } from '@rimjs/runkit';
import type { ModelName } from './presets.js';

/** The app folder (where a child starts, so `--import tsx` resolves) and the CLI it runs. */
const APP = fileURLToPath(new URL('..', import.meta.url));
const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));

/** One run of a preset: a model and a seed. */
export interface RunJob {
  model: ModelName;
  seed: number;
}

/**
 * The jobs of `models x seeds`, the RIM agents first (they cost about twice an LSTM's step), so a
 * pool of processes ends close together.
 */
export function orderJobs(models: readonly ModelName[], seeds: readonly number[]): RunJob[] {
  const jobs = seeds.flatMap((seed) => models.map((model) => ({ model, seed })));
  return [...jobs.filter((j) => j.model !== 'lstm'), ...jobs.filter((j) => j.model === 'lstm')];
}

/** A child CLI (`run ... --models <m> --seeds <s> --no-report --quiet`), its lines prefixed with `[<model> s<seed>]`. */
const child = (args: string[], prefix: string, out: NodeJS.WritableStream): ChildRun =>
  spawnNodePrefixed(['--conditions=@rimjs/source', '--import', 'tsx', CLI, ...args], { cwd: APP, prefix, out });

/**
 * Runs every job in its own child process, at most `parallel` at once. Each child writes its own
 * run files (`<model>-s<seed>.*`) in the shared `--out` folder, so the pool needs no coordination;
 * the caller writes the report when all are done. SIGINT / SIGTERM reach every running child and
 * start no further job (each run continues from its last checkpoint with `--resume`).
 *
 * @param argsOf the child's CLI arguments for a job.
 * @returns 0 when every job finished; 130 / 143 after a signal; 1 when a job failed.
 */
export async function runParallel(jobs: readonly RunJob[], parallel: number, argsOf: (job: RunJob) => string[], out: NodeJS.WritableStream): Promise<number> {
  const pool = new JobPool((job: RunJob) => child(argsOf(job), `[${job.model} s${job.seed}]`, out));
  const onSignal = (s: 'SIGINT' | 'SIGTERM'): void => {
    if (pool.stopped === null) out.write(`${s}: no further run starts; running runs stop (continue with --resume)\n`);
    pool.stop(s);
  };
  const handlers = (['SIGINT', 'SIGTERM'] as const).map((s) => [s, () => onSignal(s)] as const);
  for (const [s, h] of handlers) process.on(s, h);
  let codes: number[];
  try {
    codes = await pool.run(jobs, parallel);
  } finally {
    for (const [s, h] of handlers) process.off(s, h);
  }
  if (pool.stopped) return SIGNAL_EXIT[pool.stopped];
  return codes.some((c) => c !== 0) ? 1 : 0;
}
