import { describe, it, expect, beforeAll } from 'vitest';
import { expectNoLeak, expectReadmeShows, useBackend } from '@rimjs/core/testing';
import { readmeExample } from './readme-example.js';

const readme = expectReadmeShows(new URL('../../README.md', import.meta.url), new URL('./readme-example.ts', import.meta.url));

describe('README', () => {
  beforeAll(() => useBackend('cpu'));

  it('the example runs, prints what the README says and leaks nothing', async () => {
    const log = readmeExample();
    expect(log).toHaveLength(3);
    expect(log[0]).toMatch(/^loss \d+\.\d{4}, output \[4,10\], scores \[4,8\]$/);
    for (const line of log) expect(readme).toContain(line);
    await expectNoLeak(() => readmeExample(), { iterations: 1 });
  });
});
