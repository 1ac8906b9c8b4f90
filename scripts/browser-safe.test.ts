// The library packages must load in a browser bundle: from each package's browser entry, no
// static import may reach a Node built-in (files, process, worker_threads ...). Node-only
// packages (runkit, benchmarks) and Node-only entries (datasets' file loaders) are outside it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const NODE_ONLY = new Set(['runkit', 'benchmarks']);
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

type Exports = Record<string, unknown>;
/** The source file a bundler with the `browser` and `@rimjs/source` conditions resolves `@rimjs/<name>[/sub]` to. */
function browserEntry(spec: string): string {
  const [, name, sub] = /^@rimjs\/([^/]+)(\/.*)?$/.exec(spec)!;
  const dir = join(root, 'packages', name!);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { exports: Record<string, Exports> };
  const entry = pkg.exports[sub ? `.${sub}` : '.'];
  if (!entry) throw new Error(`${spec}: not exported`);
  const pick = (e: Exports): string => ((e.browser as Exports | undefined)?.['@rimjs/source'] ?? e['@rimjs/source']) as string;
  return join(dir, pick(entry));
}

/** Static imports and re-exports of a file (type-only ones do not reach a bundle). */
function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) out.push(m[1]!);
  return out;
}

/** Every path from `entry` through static imports to a Node built-in, as `a -> b -> node:fs`. */
function nodeImports(entry: string): string[] {
  const seen = new Set<string>();
  const bad: string[] = [];
  const walk = (file: string, path: string[]): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of staticImports(file)) {
      const here = [...path, spec];
      if (builtins.has(spec)) bad.push(here.join(' -> '));
      else if (spec.startsWith('.')) walk(resolve(dirname(file), spec.replace(/\.js$/, '.ts')), [...path, file.slice(root.length + 1)]);
      else if (spec.startsWith('@rimjs/')) walk(browserEntry(spec), here);
    }
  };
  walk(entry, []);
  return bad;
}

const libraries = readdirSync(join(root, 'packages')).filter((n) => existsSync(join(root, 'packages', n, 'package.json')) && !NODE_ONLY.has(n));

describe('browser-safe library packages', () => {
  it.each(libraries)('@rimjs/%s reaches no Node built-in from its browser entry', (name) => {
    expect(nodeImports(browserEntry(`@rimjs/${name}`))).toEqual([]);
  });

  it('the check sees a Node import where there is one (datasets in Node reads files)', () => {
    const nodeEntry = join(root, 'packages/datasets/src/index.ts');
    expect(nodeImports(nodeEntry).some((p) => p.endsWith('node:fs'))).toBe(true);
  });
});
