import { spawn } from 'node:child_process';

/** One trainer run the accuracy suite asks for. */
export interface TrainerRun {
  /** The trainer preset, e.g. `copying-small`. */
  preset: string;
  /** The run folder (absolute; must be new or empty). */
  out: string;
  /** Models to train, in order (`--model`). */
  models: readonly string[];
  /** Backend for the trainer (`--backend`); none: the preset's (`auto`). */
  backend?: string;
  /** The repository root, where `pnpm --filter @rimjs/trainer` runs. */
  cwd: string;
  /** Where the trainer's output goes, line by line (it is never mixed into `--json` stdout). */
  log: (text: string) => void;
}

/** Starts one trainer run and resolves its exit code. */
export type RunTrainer = (run: TrainerRun) => Promise<number>;

/** The trainer's command line for a run: `pnpm --filter @rimjs/trainer train <preset> --out <dir> --quiet --model ...`. */
export function trainerArgs(run: Omit<TrainerRun, 'cwd' | 'log'>): string[] {
  return [
    '--filter', '@rimjs/trainer', 'train', run.preset, '--out', run.out, '--quiet', '--model', run.models.join(','),
    ...(run.backend ? ['--backend', run.backend] : []),
  ];
}

/**
 * Runs the trainer app as a child process, `pnpm --filter @rimjs/trainer train <preset> --out
 * <dir> --quiet --model <models> [--backend b]`, passing its stdout and stderr to `log`, and
 * resolves its exit code (1 when it could not start).
 *
 * @example
 * const code = await runTrainerProcess({ preset: 'copying-small', out: '/tmp/r', models: ['rim'], cwd: root, log: console.error });
 */
export const runTrainerProcess: RunTrainer = (run) =>
  new Promise((resolve) => {
    const child = spawn('pnpm', trainerArgs(run), { cwd: run.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let pending = '';
    const onData = (chunk: Buffer): void => {
      const lines = (pending + chunk.toString('utf8')).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) run.log(line);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (e) => {
      run.log(`could not start the trainer (pnpm ${trainerArgs(run).join(' ')}): ${e.message}`);
      resolve(1);
    });
    child.on('close', (code, signal) => {
      if (pending) run.log(pending);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
