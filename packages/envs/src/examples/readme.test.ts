import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';

describe('README example', () => {
  it('is the code block of the README, and runs', async () => {
    const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
    const example = readFileSync(fileURLToPath(new URL('./readme-example.ts', import.meta.url)), 'utf8');
    expect(readme).toContain('```ts\n' + example + '```');
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    await import('./readme-example.js');
    const lines = log.mock.calls.map((c) => c.map(String).join(' '));
    log.mockRestore();
    expect(lines[0]).toBe('go to the grey box');
    expect(lines[1]).toBe(['WGWGWGWGWG', 'WG  ^^  WG', 'WG      WG', 'WG  BG  WG', 'WGWGWGWGWG'].join('\n'));
    expect(lines[2]).toBe('success true after 3 steps, reward 0.892');
    expect(lines[3]).toBe('2352 16 pick up the purple box');
  });
});
