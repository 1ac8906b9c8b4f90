import { renameSync, writeFileSync } from 'node:fs';

/** Writes `value` as pretty JSON through a temporary file and a rename (never half a file). */
export function writeJson(path: string, value: unknown): void {
  writeFileSync(`${path}.tmp`, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}
