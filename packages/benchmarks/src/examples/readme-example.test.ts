import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('README example', () => {
  it('is the code of readme-example.ts (importing the package by name), and runs: report files written', async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    const code = await readFile(new URL('./readme-example.ts', import.meta.url), 'utf8');
    // The example imports the package's source; the README imports it by name.
    expect(readme).toContain(code.trim());
    const dir = await mkdtemp(join(tmpdir(), 'rimjs-example-'));
    process.env.BENCH_OUT = dir;
    await import('./readme-example.js');
    expect((await readdir(dir)).sort()).toEqual(['group-linear-copying-bars.svg', 'group-linear-scaling-units.svg', 'report.md', 'results.json']);
  });
});
