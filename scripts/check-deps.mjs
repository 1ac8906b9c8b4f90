#!/usr/bin/env node
// Proves that rimjs' package dependencies point only downward:
//   core <- attention, core <- cells, (attention, cells) <- rim,
//   attention <- tim, core <- datasets; benchmarks and apps on top.
// Checks both the declared dependencies (package.json) and the imports in src/.
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ALLOWED = {
  core: [],
  attention: ['core'],
  cells: ['core'],
  rim: ['core', 'attention', 'cells'],
  tim: ['core', 'attention'],
  datasets: ['core'],
  runkit: ['core'],
  aim: ['core', 'attention'],
  sparse: ['core', 'cells'],
  independence: ['core'],
  envs: ['core'],
  meta: ['core', 'attention', 'cells', 'rim', 'envs'],
};
const TOP = new Set(['benchmarks']); // may use every package above; never an app

const root = new URL('..', import.meta.url).pathname;
const problems = [];

function walk(dir, out = []) {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(ts|mts|js|mjs)$/.test(e)) out.push(p);
  }
  return out;
}

function internalDeps(pkg) {
  return Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies, ...pkg.devDependencies })
    .filter((d) => d.startsWith('@rimjs/'))
    .map((d) => d.slice('@rimjs/'.length));
}

for (const area of ['packages', 'apps']) {
  const base = join(root, area);
  if (!existsSync(base)) continue;
  for (const name of readdirSync(base)) {
    const dir = join(base, name);
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8'));
    const id = `${area}/${name}`;
    const declared = internalDeps(pkg);
    const appsDir = join(root, 'apps');
    const apps = existsSync(appsDir) ? readdirSync(appsDir).filter((a) => existsSync(join(appsDir, a, 'package.json'))) : [];
    let allowed;
    if (area === 'apps') allowed = null; // apps sit on top of everything
    else if (TOP.has(name)) allowed = Object.keys(ALLOWED);
    else if (name in ALLOWED) allowed = ALLOWED[name];
    else {
      problems.push(`${id}: not placed in the dependency order; add it to scripts/check-deps.mjs`);
      continue;
    }
    for (const d of declared) {
      if (apps.includes(d) && area === 'packages') problems.push(`${id}: depends on the app '@rimjs/${d}'`);
      if (allowed && !allowed.includes(d)) problems.push(`${id}: may not depend on @rimjs/${d} (allowed: ${allowed.join(', ') || 'none'})`);
    }
    const src = join(dir, 'src');
    if (existsSync(src)) {
      for (const f of walk(src)) {
        const text = readFileSync(f, 'utf8');
        for (const m of text.matchAll(/from\s+['"]@rimjs\/([a-z-]+)|import\(\s*['"]@rimjs\/([a-z-]+)/g)) {
          const d = m[1] ?? m[2];
          // A README example imports its own package by name, as a user would (Node's self-reference).
          if (d === name) {
            if (!f.includes('/src/examples/')) problems.push(`${f.slice(root.length)}: imports its own package by name`);
          }
          else if (!declared.includes(d)) problems.push(`${f.slice(root.length)}: imports @rimjs/${d}, which ${id}/package.json does not declare`);
        }
      }
    }
    if (area === 'packages') {
      if (pkg.type !== 'module') problems.push(`${id}: "type" must be "module"`);
      if (pkg.private) problems.push(`${id}: packages are published; only apps are private`);
      if (pkg.peerDependencies?.['@tensorflow/tfjs-core'] !== '4.22.0') problems.push(`${id}: must peer-depend on @tensorflow/tfjs-core 4.22.0`);
      const dot = pkg.exports?.['.'];
      if (!dot || Object.keys(dot).indexOf('types') > Object.keys(dot).indexOf('default')) problems.push(`${id}: exports["."] must list "types" before "default"`);
      if (!existsSync(join(dir, 'README.md'))) problems.push(`${id}: has no README.md`);
    } else if (!pkg.private) problems.push(`${id}: apps must be private`);
    for (const [dep, v] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
      if (dep.startsWith('@tensorflow/') && v !== '4.22.0') problems.push(`${id}: ${dep} must be pinned to 4.22.0, got ${v}`);
    }
  }
}

if (problems.length > 0) {
  console.error(`check-deps: ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('check-deps: dependencies point only downward (core <- attention, cells <- rim, tim; datasets -> core; benchmarks and apps on top)');
