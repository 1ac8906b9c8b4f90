import { spawn } from 'node:child_process';

/** One trainer command the accuracy suite runs: `pnpm <args>` in the repository root. */
export interface TrainerCall {
  /** Arguments of `pnpm` (see {@link trainArgs}, {@link evalArgs}). */
  args: string[];
  /** The repository root, where `pnpm --filter @rimjs/trainer` runs. */
  cwd: string;
  /** Where the trainer's output goes, line by line (it is never mixed into `--json` stdout). */
  log: (text: string) => void;
}

/** Starts one trainer command and resolves its exit code. */
export type RunTrainer = (call: TrainerCall) => Promise<number>;

/** What one preset's training asks of the trainer. */
export interface TrainRequest {
  /** The trainer preset, e.g. `copying-cpu`. */
  preset: string;
  /** The seeds folder (absolute; must be new or empty). */
  out: string;
  seeds: readonly number[];
  /** Seeds trained at once (the trainer's `--parallel`). */
  parallel: number;
  /** Models to train (`--model`); none: the preset's. */
  models?: readonly string[];
  /** Backend for the trainer (`--backend`); none: the preset's (`auto`). */
  backend?: string;
}

/**
 * The trainer's command line for a seeds run:
 * `pnpm --filter @rimjs/trainer train <preset> --seeds 1,2,3 --parallel 2 --out <dir> --quiet [--model m] [--backend b]`.
 */
export function trainArgs(r: TrainRequest): string[] {
  return [
    '--filter', '@rimjs/trainer', 'train', r.preset, '--seeds', r.seeds.join(','), '--parallel', String(r.parallel), '--out', r.out, '--quiet',
    ...(r.models ? ['--model', r.models.join(',')] : []),
    ...(r.backend ? ['--backend', r.backend] : []),
  ];
}

/** `pnpm --filter @rimjs/trainer train eval <dir> [--backend b]`: every seed of a seeds run at every out-of-distribution length. */
export function evalArgs(dir: string, backend?: string): string[] {
  return ['--filter', '@rimjs/trainer', 'train', 'eval', dir, ...(backend ? ['--backend', backend] : [])];
}

/**
 * Runs `pnpm <args>` as a child process in `cwd`, passing its stdout and stderr to `log`, and
 * resolves its exit code (1 when it could not start).
 *
 * @example
 * const code = await runTrainerProcess({ args: trainArgs({ preset: 'copying-cpu', out: '/tmp/r', seeds: [1], parallel: 1 }), cwd: root, log: console.error });
 */
export const runTrainerProcess: RunTrainer = (call) =>
  new Promise((resolve) => {
    const child = spawn('pnpm', call.args, { cwd: call.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let pending = '';
    const onData = (chunk: Buffer): void => {
      const lines = (pending + chunk.toString('utf8')).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) call.log(line);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (e) => {
      call.log(`could not start the trainer (pnpm ${call.args.join(' ')}): ${e.message}`);
      resolve(1);
    });
    child.on('close', (code, signal) => {
      if (pending) call.log(pending);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
