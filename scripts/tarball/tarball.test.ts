// The packages as users get them: every publishable package built, packed with `pnpm pack`,
// installed from the tarballs into a fresh npm project outside the workspace (tfjs from the
// registry), each README example run there under plain Node ESM and type-checked against the
// `dist` declarations, `rimjs-parity` run from its installed bin, and a changesets release
// previewed. Slow (builds, npm install): runs when RIMJS_TARBALL_TEST=1 (.ci/run sets it).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAndPack, satisfies, type PackedPackage } from './pack-packages.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ENABLED = process.env.RIMJS_TARBALL_TEST === '1';
const BANNER = /install our node backend|speed things up dramatically/i;
if (!ENABLED) console.warn('tarball test skipped: set RIMJS_TARBALL_TEST=1 (CI does) to pack, install and run the packages');

describe.skipIf(!ENABLED)('the packages as npm tarballs', () => {
  const work = mkdtempSync(join(tmpdir(), 'rimjs-tarballs-'));
  const app = join(work, 'consumer');
  let packed: PackedPackage[] = [];
  const examples: Array<{ pkg: string; ts: string }> = [];

  beforeAll(() => {
    packed = buildAndPack(root, join(work, 'tgz'));
    mkdirSync(join(app, 'examples'), { recursive: true });
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'rimjs-consumer', private: true, type: 'module' }, null, 2));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...packed.map((p) => p.tarball)], { cwd: app, stdio: 'inherit' });
    for (const p of packed) {
      const src = join(p.dir, 'src/examples/readme-example.ts');
      if (!existsSync(src)) continue;
      const name = basename(p.dir);
      const file = join(app, 'examples', `${name}.ts`);
      cpSync(src, file);
      const js = ts.transpileModule(readFileSync(src, 'utf8'), { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
      writeFileSync(join(app, 'examples', `${name}.mjs`), js);
      examples.push({ pkg: name, ts: file });
    }
  }, 900_000);

  it('packs every package with dist, README and exports that exist in the tarball', () => {
    expect(packed.length).toBeGreaterThanOrEqual(7);
    for (const p of packed) {
      const files = execFileSync('tar', ['-tzf', p.tarball], { encoding: 'utf8' }).split('\n');
      expect(files, p.name).toContain('package/README.md');
      expect(files.some((f) => f.startsWith('package/dist/') && f.endsWith('.d.ts')), p.name).toBe(true);
      expect(files.some((f) => f.startsWith('package/src/') && !f.endsWith('.ts')), p.name).toBe(false);
      const exportsMap = p.manifest.exports as Record<string, Record<string, unknown> | string>;
      for (const [sub, entry] of Object.entries(exportsMap)) {
        if (typeof entry === 'string') continue;
        for (const cond of ['types', 'default'] as const) {
          const target = (entry[cond] ?? (entry.browser as Record<string, string> | undefined)?.[cond]) as string | undefined;
          if (target) expect(files, `${p.name} exports['${sub}'].${cond}`).toContain(`package/${target.replace(/^\.\//, '')}`);
        }
      }
    }
  });

  it('pins internal dependencies to ranges the packed versions satisfy, never workspace:', () => {
    const versions = new Map(packed.map((p) => [p.name, p.version]));
    for (const p of packed) {
      for (const [dep, range] of Object.entries({ ...p.manifest.dependencies, ...p.manifest.peerDependencies })) {
        expect(range, `${p.name} -> ${dep}`).not.toMatch(/^workspace:/);
        if (dep.startsWith('@rimjs/')) expect(satisfies(versions.get(dep)!, range), `${p.name} -> ${dep}@${range}`).toBe(true);
      }
    }
  });

  it("runs each README example under plain Node ESM from the installed tarballs, without tfjs's node-backend banner", async () => {
    expect(examples.length).toBeGreaterThanOrEqual(6);
    for (const e of examples) {
      const js = e.ts.replace(/\.ts$/, '.mjs');
      const driver = `const m = await import(${JSON.stringify(js)}); if (typeof m.readmeExample === 'function') console.log((await m.readmeExample()).join?.('\\n') ?? '');`;
      const r = spawnSync('node', ['--input-type=module', '-e', driver], { cwd: app, encoding: 'utf8', timeout: 300_000 });
      expect(r.status, `${e.pkg}: ${r.stderr}`).toBe(0);
      expect(`${r.stdout}${r.stderr}`, e.pkg).not.toMatch(BANNER);
    }
  }, 900_000);

  it('type-checks the README examples against the dist declarations', () => {
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, typeRoots: [join(root, 'node_modules/@types')], types: ['node'] },
        include: ['examples/*.ts'],
      }),
    );
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    const r = spawnSync('node', [tsc, '-p', 'tsconfig.json'], { cwd: app, encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('runs rimjs-parity from the installed bin on a parity fixture', () => {
    const fixture = join(root, 'packages/rim/test-data/lstm-small.safetensors');
    const r = spawnSync(join(app, 'node_modules/.bin/rimjs-parity'), [fixture], { cwd: app, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout.trim().split('\n').at(-1)!)).toMatchObject({ cell: 'lstm', pass: true });
    expect(r.stdout + r.stderr).not.toMatch(BANNER);
  });

  it('previews a release: changeset status and version bump the packages with changesets, and only those', () => {
    const clone = join(work, 'release');
    execFileSync('git', ['clone', '-q', root, clone]);
    const changeset = join(root, 'node_modules/.bin/changeset');
    execFileSync(changeset, ['status', `--output=${join(work, 'status.json')}`], { cwd: clone, stdio: 'pipe' });
    const status = JSON.parse(readFileSync(join(work, 'status.json'), 'utf8')) as { releases: Array<{ name: string; oldVersion: string; newVersion: string }> };
    expect(status.releases.length).toBeGreaterThan(0);
    execFileSync(changeset, ['version'], { cwd: clone, stdio: 'pipe' });
    const byName = new Map(packed.map((p) => [p.name, join(clone, 'packages', basename(p.dir))]));
    let published = 0;
    for (const r of status.releases) {
      // Apps are private: changesets may version them, never publish them.
      const folder = byName.get(r.name) ?? join(clone, 'apps', r.name.replace(/^@rimjs\//, ''));
      const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { version: string; private?: boolean };
      expect(byName.has(r.name) || manifest.private === true, `${r.name} is publishable or private`).toBe(true);
      if (byName.has(r.name)) published += 1;
      expect(manifest.version, r.name).toBe(r.newVersion);
      expect(existsSync(join(folder, 'CHANGELOG.md')), r.name).toBe(true);
      for (const [dep, range] of Object.entries({ ...(manifest as { dependencies?: Record<string, string> }).dependencies })) {
        if (dep.startsWith('@rimjs/')) expect(range, `${r.name} -> ${dep}`).toMatch(/^workspace:/); // rewritten to the new version by pack/publish
      }
    }
    expect(published).toBeGreaterThan(0);
  });
});
