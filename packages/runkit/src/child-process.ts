import { spawn } from 'node:child_process';

/** Exit codes of a process ended by SIGINT / SIGTERM (128 + the signal number), as shells report them. */
export const SIGNAL_EXIT: Readonly<Record<'SIGINT' | 'SIGTERM', number>> = { SIGINT: 130, SIGTERM: 143 };

/** A running child process: its exit code once it ends, and a way to signal it. */
export interface ChildRun {
  /** The exit code; 130 / 143 when SIGINT / SIGTERM ended it without one, 1 when it could not start. */
  done: Promise<number>;
  kill: (signal: NodeJS.Signals) => void;
}

/**
 * Runs `node <args>` (this Node, `process.execPath`) in `cwd` and copies its stdout and stderr to
 * `out` line by line, each line prefixed with `prefix` (once: a line that starts with it already is
 * copied as it is). For apps that run experiments in parallel processes (seeds, models).
 *
 * @example
 * const run = spawnNodePrefixed(['--import', 'tsx', 'src/cli.ts', 'run', '--seed', '2'], { cwd, prefix: '[seed-2]', out: process.stdout });
 * process.on('SIGINT', () => run.kill('SIGINT'));
 * const code = await run.done;
 */
export function spawnNodePrefixed(args: readonly string[], { cwd, prefix, out }: { cwd: string; prefix: string; out: NodeJS.WritableStream }): ChildRun {
  const child = spawn(process.execPath, [...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const write = (line: string): void => void out.write(line.startsWith(prefix) ? `${line}\n` : `${prefix} ${line}\n`);
  // One buffer per stream: a partial stdout line must not swallow the stderr line that arrives next.
  const pending = { stdout: '', stderr: '' };
  const onData = (stream: 'stdout' | 'stderr') => (chunk: Buffer): void => {
    const lines = (pending[stream] + chunk.toString('utf8')).split('\n');
    pending[stream] = lines.pop() ?? '';
    for (const line of lines) write(line);
  };
  child.stdout.on('data', onData('stdout'));
  child.stderr.on('data', onData('stderr'));
  const done = new Promise<number>((resolve) => {
    child.on('error', (e) => {
      write(`could not start: ${e.message}`);
      resolve(1);
    });
    child.on('close', (code, signal) => {
      for (const rest of [pending.stdout, pending.stderr]) if (rest) write(rest);
      resolve(code ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? SIGNAL_EXIT[signal] : 1));
    });
  });
  return { done, kill: (s) => void child.kill(s) };
}
