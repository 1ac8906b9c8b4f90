import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The app folder (where a child trainer starts, so `--import tsx` resolves). */
const APP = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Runs the trainer CLI in a child process and sends it `signal` as soon as `file` exists, or
 * every file of a list (tests only: stop a run once it, or each of its seeds, has written its
 * first checkpoint).
 *
 * @returns the child's exit code (null when it died of the signal).
 */
export function signalChild(args: string[], signal: NodeJS.Signals, file: string | readonly string[]): Promise<number | null> {
  const files = typeof file === 'string' ? [file] : file;
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--conditions=@rimjs/source', '--import', 'tsx', 'src/cli.ts', ...args], { cwd: APP, stdio: 'ignore' });
    const poll = setInterval(() => {
      if (files.every((f) => existsSync(f))) {
        clearInterval(poll);
        p.kill(signal);
      }
    }, 5);
    p.on('error', reject);
    p.on('exit', (code) => {
      clearInterval(poll);
      resolve(code);
    });
  });
}
