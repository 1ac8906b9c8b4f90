import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError } from '@rimjs/core';

const hasSeeds = (dir: string): boolean => existsSync(join(dir, 'seeds.json'));
const subfolders = (dir: string): string[] =>
  existsSync(dir) && statSync(dir).isDirectory() ? readdirSync(dir).sort().map((d) => join(dir, d)).filter((d) => statSync(d).isDirectory()) : [];

/**
 * The seeds folders under each of `paths` (`--from`): the path itself when it holds a
 * seeds.json; else its subfolders that do (a folder of seeds runs); else those of its
 * `accuracy/` folder (an earlier accuracy suite's report folder).
 *
 * @throws ConfigError naming every path with no seeds run in it.
 * @example
 * findSeedsDirs(['bench-results/20260105-120000']); // ['.../accuracy/adding-cpu', '.../accuracy/copying-cpu', ...]
 */
export function findSeedsDirs(paths: readonly string[]): string[] {
  const found: string[] = [];
  const problems: string[] = [];
  for (const p of paths) {
    const dir = resolve(p);
    if (hasSeeds(dir)) {
      found.push(dir);
      continue;
    }
    const inside = [...subfolders(dir), ...subfolders(join(dir, 'accuracy'))].filter(hasSeeds);
    if (inside.length === 0) problems.push(`pnpm bench.--from: '${p}' holds no seeds run (no seeds.json in it, its subfolders or its accuracy/ folder)`);
    found.push(...inside);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return found;
}
