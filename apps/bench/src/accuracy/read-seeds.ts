import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '@rimjs/core';
import type { TrainerTask } from './accuracy-tasks.js';

/** One metric of one model over seeds, as the trainer's `seeds.json` holds it. */
export interface SeedStat {
  /** The seeds with a value, and their values in the same order. */
  seeds: number[];
  values: number[];
  n: number;
  mean: number;
  /** Sample standard deviation; 0 for one seed. */
  std: number;
}

/** What the accuracy suite reads of a trainer seeds run (`<dir>/seeds.json`, format `rimjs-trainer-seeds/1`). */
export interface TrainerSeeds {
  preset: string;
  seeds: number[];
  task: TrainerTask;
  headline: string;
  completed: boolean;
  /** Sum of every seed's training wall time, in seconds. */
  wallTimeSec: number;
  /** Per seed: whether it finished and on which backend. */
  runs: Array<{ seed: number; completed: boolean; backend: string | null }>;
  /** Per model, per metric key. */
  models: Record<string, Record<string, SeedStat>>;
}

/**
 * Reads `<dir>/seeds.json` of a trainer seeds run (`pnpm train <preset> --seeds ...`; keys in
 * the trainer's README). Returns null when the file does not exist.
 *
 * @throws ConfigError naming the file when it is not a trainer seeds file.
 * @example
 * readTrainerSeeds('bench-results/x/accuracy/copying-cpu')?.models.rim?.['test.T40.ceLast10']?.mean;
 */
export function readTrainerSeeds(dir: string): TrainerSeeds | null {
  const path = join(dir, 'seeds.json');
  if (!existsSync(path)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ConfigError(`readTrainerSeeds: '${path}' is not JSON: ${(e as Error).message}`);
  }
  const s = raw as Partial<TrainerSeeds> & { format?: unknown };
  if (s === null || typeof s !== 'object' || s.format !== 'rimjs-trainer-seeds/1' || typeof s.models !== 'object' || s.models === null || typeof s.task !== 'object') {
    throw new ConfigError(`readTrainerSeeds: '${path}' must be a trainer seeds file (format "rimjs-trainer-seeds/1" with "task" and "models"), got format ${JSON.stringify(s?.format)}`);
  }
  return {
    preset: String(s.preset ?? ''),
    seeds: s.seeds ?? [],
    task: s.task as TrainerTask,
    headline: String(s.headline ?? ''),
    completed: s.completed === true,
    wallTimeSec: typeof s.wallTimeSec === 'number' ? s.wallTimeSec : 0,
    runs: (s.runs ?? []).map((r) => ({ seed: r.seed, completed: r.completed === true, backend: r.backend ?? null })),
    models: s.models,
  };
}
