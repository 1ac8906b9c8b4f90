import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A publishable workspace package: its folder, manifest and packed tarball. */
export interface PackedPackage {
  dir: string;
  name: string;
  version: string;
  tarball: string;
  /** The package.json inside the tarball (what npm users get). */
  manifest: Record<string, unknown> & { dependencies?: Record<string, string>; peerDependencies?: Record<string, string>; bin?: Record<string, string> };
}

/** The non-private packages under `packages/`. */
export function publishablePackages(root: string): string[] {
  return readdirSync(join(root, 'packages'))
    .map((n) => join(root, 'packages', n))
    .filter((d) => existsSync(join(d, 'package.json')) && JSON.parse(readFileSync(join(d, 'package.json'), 'utf8')).private !== true);
}

/** Builds every package (turbo, dependencies first) and packs each with `pnpm pack` into `out`. */
export function buildAndPack(root: string, out: string): PackedPackage[] {
  execFileSync('pnpm', ['exec', 'turbo', 'run', 'build', '--filter=./packages/*', '--output-logs=errors-only'], { cwd: root, stdio: 'inherit' });
  mkdirSync(out, { recursive: true });
  return publishablePackages(root).map((dir) => {
    const before = new Set(readdirSync(out));
    execFileSync('pnpm', ['pack', '--pack-destination', out], { cwd: dir, stdio: 'pipe' });
    const tarball = readdirSync(out).find((f) => !before.has(f) && f.endsWith('.tgz'));
    if (!tarball) throw new Error(`pnpm pack made no tarball for ${dir}`);
    const text = execFileSync('tar', ['-xOzf', join(out, tarball), 'package/package.json'], { encoding: 'utf8' });
    const manifest = JSON.parse(text) as PackedPackage['manifest'];
    return { dir, name: manifest.name as string, version: manifest.version as string, tarball: join(out, tarball), manifest };
  });
}

/** `x.y.z` satisfies `range` for the forms the workspace produces: exact, `^x.y.z`, `~x.y.z`. */
export function satisfies(version: string, range: string): boolean {
  const [maj, min, pat] = version.split('.').map(Number) as [number, number, number];
  const m = /^([\^~]?)(\d+)\.(\d+)\.(\d+)$/.exec(range);
  if (!m) return false;
  const [, op, a, b, c] = m;
  const [ra, rb, rc] = [Number(a), Number(b), Number(c)];
  const ge = maj > ra || (maj === ra && (min > rb || (min === rb && pat >= rc)));
  if (op === '') return maj === ra && min === rb && pat === rc;
  if (op === '~') return ge && maj === ra && min === rb;
  return ge && (ra > 0 ? maj === ra : min === rb && (rb > 0 || pat === rc));
}
