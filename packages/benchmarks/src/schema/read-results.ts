import { readFile } from 'node:fs/promises';
import { ConfigError } from '@rimjs/core';
import type { BenchResults } from './bench-record.js';
import { validateResults } from './validate-results.js';

/**
 * Reads and validates a results file written by `writeReport` (or `pnpm bench`).
 *
 * @param path a `results.json`.
 * @throws ConfigError when the file is not JSON or breaks the schema; `problems` lists every field.
 * @example
 * const old = await readResults('bench-results/2025-01-01/results.json');
 */
export async function readResults(path: string): Promise<BenchResults> {
  const text = await readFile(path, 'utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`readResults: '${path}' is not JSON: ${(e as Error).message}`);
  }
  const problems = validateResults(value);
  if (problems.length > 0) throw new ConfigError(problems.map((p) => `${path}: ${p}`));
  return value as BenchResults;
}
