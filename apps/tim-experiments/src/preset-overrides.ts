import { ConfigError } from '@rimjs/core';

/**
 * A copy of `preset` with `--set` overrides applied: each `path=value` sets a dotted field
 * (`tim.competitionTemperature=0.25`, `task.switchProbability=0.02`, `learningRate=3e-3`); the
 * value is read as JSON (numbers, booleans, arrays), else kept as a string. Every path but the
 * last field must exist.
 * @throws ConfigError naming the override when it has no `=` or its parent path does not exist.
 * @example
 * withOverrides({ tim: { ns: 4 } }, ['tim.ns=2']); // { tim: { ns: 2 } }
 */
export function withOverrides<T extends object>(preset: T, sets: readonly string[]): T {
  const copy = structuredClone(preset) as Record<string, unknown>;
  for (const s of sets) {
    const eq = s.indexOf('=');
    if (eq <= 0) throw new ConfigError(`--set: must be path=value, got ${JSON.stringify(s)}`);
    const path = s.slice(0, eq).split('.');
    const raw = s.slice(eq + 1);
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      value = raw;
    }
    let at = copy;
    for (const key of path.slice(0, -1)) {
      const next = at[key];
      if (typeof next !== 'object' || next === null) throw new ConfigError(`--set ${s}: '${key}' is not an object field of the preset`);
      at = next as Record<string, unknown>;
    }
    at[path[path.length - 1]!] = value;
  }
  return copy as T;
}
