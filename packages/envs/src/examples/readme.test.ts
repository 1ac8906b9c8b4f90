import { describe, expect, it } from 'vitest';
import { captureLogs, expectReadmeShows } from '@rimjs/core/testing';

describe('README example', () => {
  it('is the code block of the README, and runs', async () => {
    expectReadmeShows(new URL('../../README.md', import.meta.url), new URL('./readme-example.ts', import.meta.url));
    const lines = await captureLogs(() => import('./readme-example.js'));
    expect(lines[0]).toBe('go to the grey box');
    expect(lines[1]).toBe(['WGWGWGWGWG', 'WG  ^^  WG', 'WG      WG', 'WG  BG  WG', 'WGWGWGWGWG'].join('\n'));
    expect(lines[2]).toBe('success true after 3 steps, reward 0.892');
    expect(lines[3]).toBe('2352 16 pick up the purple box');
  });
});
