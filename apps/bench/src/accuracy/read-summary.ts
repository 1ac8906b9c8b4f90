import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '@rimjs/core';

/** What the accuracy suite reads of one model in a trainer `summary.json`. */
export interface TrainedModel {
  /** Final metrics by the trainer's keys (`test.T200.ceLast10`, `test.px16.acc`, ...). */
  metrics: Record<string, number>;
  /** Steps trained, and whether training finished. */
  steps: number | null;
  completed: boolean;
  wallTimeSec: number | null;
  /** Trainable parameters (rimjs' count). */
  parameters: number | null;
}

/** What the accuracy suite reads of a trainer run folder. */
export interface TrainerSummary {
  preset: string;
  backend: string | null;
  wallTimeSec: number | null;
  completed: boolean;
  models: Record<string, TrainedModel>;
}

const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

/**
 * Reads `<dir>/summary.json` of a trainer run (format `rimjs-trainer-summary/1`, keys in the
 * trainer's README). Returns null when the file does not exist.
 *
 * @throws ConfigError naming the file when it is not a trainer summary.
 * @example
 * const s = readTrainerSummary('bench-results/x/accuracy/copying-small');
 * s?.models.rim?.metrics['test.T200.ceLast10'];
 */
export function readTrainerSummary(dir: string): TrainerSummary | null {
  const path = join(dir, 'summary.json');
  if (!existsSync(path)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ConfigError(`readTrainerSummary: '${path}' is not JSON: ${(e as Error).message}`);
  }
  const s = raw as { format?: unknown; preset?: unknown; backend?: { name?: unknown }; wallTimeSec?: unknown; completed?: unknown; models?: unknown };
  if (s === null || typeof s !== 'object' || s.format !== 'rimjs-trainer-summary/1' || typeof s.models !== 'object' || s.models === null) {
    throw new ConfigError(`readTrainerSummary: '${path}' must be a trainer summary (format "rimjs-trainer-summary/1" with "models"), got format ${JSON.stringify(s?.format)}`);
  }
  const models: Record<string, TrainedModel> = {};
  for (const [name, m] of Object.entries(s.models as Record<string, Record<string, unknown>>)) {
    const metrics: Record<string, number> = {};
    for (const [k, v] of Object.entries((m?.metrics ?? {}) as Record<string, unknown>)) if (num(v) !== null) metrics[k] = v as number;
    models[name] = {
      metrics,
      steps: num(m?.steps),
      completed: m?.completed === true,
      wallTimeSec: num(m?.wallTimeSec),
      parameters: num((m?.parameterCount as { actual?: unknown } | undefined)?.actual),
    };
  }
  return {
    preset: typeof s.preset === 'string' ? s.preset : '',
    backend: typeof s.backend?.name === 'string' ? s.backend.name : null,
    wallTimeSec: num(s.wallTimeSec),
    completed: s.completed === true,
    models,
  };
}
