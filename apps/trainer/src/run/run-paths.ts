import { join, resolve } from 'node:path';
import { ConfigError } from '@rimjs/core';
import { readJsonIfExists } from '@rimjs/runkit';
import type { RunConfig } from '../presets/preset-types.js';

/** The files of a run folder (see the README's "Run folder"). */
export const RUN_FILES = { run: 'run.json', summary: 'summary.json', eval: 'eval.json', report: 'report.md' } as const;

/** Where relative paths of the command line start: the folder `pnpm` was started in, else the cwd. */
export function userCwd(): string {
  return process.env.INIT_CWD ?? process.cwd();
}

/** `runs/<preset>-<YYYYMMDD-HHMMSS>` (local time) under `base`. */
export function defaultRunDir(preset: string, now: Date = new Date(), base: string = userCwd()): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
  return resolve(base, 'runs', `${preset}-${stamp}`);
}

/**
 * Reads a run folder's `run.json`.
 * @throws ConfigError when the folder has no run.json or it is not a trainer run.
 */
export function readRunConfig(dir: string): RunConfig {
  const path = join(dir, RUN_FILES.run);
  const run = readJsonIfExists<RunConfig>(path);
  if (run === null) throw new ConfigError(`readRunConfig: ${dir} is not a run folder (no ${RUN_FILES.run})`);
  if (run.format !== 'rimjs-trainer-run/1') throw new ConfigError(`readRunConfig: ${path}: 'format' must be "rimjs-trainer-run/1", got ${JSON.stringify(run.format)}`);
  return run;
}
