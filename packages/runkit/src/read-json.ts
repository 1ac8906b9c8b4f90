import { existsSync, readFileSync } from 'node:fs';
import { ConfigError } from '@rimjs/core';

/**
 * The parsed JSON file at `path`, or null when there is none: how an app reads a run file that a
 * resumed or unfinished run may not have written yet (`writeJson` writes whole files only).
 * The value is cast to `T`, not checked; callers check what they depend on.
 * @throws ConfigError naming the path when the file is there but is not JSON.
 */
export function readJsonIfExists<T>(path: string): T | null {
  if (!existsSync(path)) return null;
  const text = readFileSync(path, 'utf8');
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new ConfigError(`readJsonIfExists: ${path} is not JSON (${(e as Error).message})`);
  }
}
