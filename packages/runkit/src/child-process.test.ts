import { tmpdir } from 'node:os';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { spawnNodePrefixed } from './index.js';

function sink(): { out: Writable; text: () => string } {
  const chunks: string[] = [];
  return { out: new Writable({ write(c, _e, done) { chunks.push(String(c)); done(); } }), text: () => chunks.join('') };
}

describe('spawnNodePrefixed', () => {
  it('prefixes every line of stdout and stderr once, keeps a last line without newline, and returns the exit code', async () => {
    const s = sink();
    const script = "console.log('a'); console.error('[x] b'); process.stdout.write('c'); process.exitCode = 3";
    const code = await spawnNodePrefixed(['-e', script], { cwd: tmpdir(), prefix: '[x]', out: s.out }).done;
    expect(code).toBe(3);
    expect(s.text().split('\n').filter(Boolean).sort()).toEqual(['[x] a', '[x] b', '[x] c']);
  });

  it('reports 143 for a child ended by SIGTERM', async () => {
    const s = sink();
    const run = spawnNodePrefixed(['-e', "console.log('up'); setInterval(() => {}, 1000)"], { cwd: tmpdir(), prefix: '[y]', out: s.out });
    await new Promise((r) => setTimeout(r, 300));
    run.kill('SIGTERM');
    expect(await run.done).toBe(143);
  });
});
