import { describe, it, expect, beforeAll } from 'vitest';
import { expectNoLeak, expectReadmeShows, useBackend } from '@rimjs/core/testing';
import { readmeExample } from './readme-example.js';

const readme = expectReadmeShows(new URL('../../README.md', import.meta.url), new URL('./readme-example.ts', import.meta.url));

describe('README', () => {
  beforeAll(() => useBackend('cpu'));

  it('the example runs, prints what the README says and leaks nothing', async () => {
    const log = readmeExample();
    expect(log).toHaveLength(3);
    expect(log[0]).toMatch(/^pairs \[8,4\], median log10 rho -?\d\.\d\d$/);
    expect(log[1]).toBe('stretched [7,7,8,4]');
    expect(log[2]).toBe('penalty >= 0');
    for (const line of log) expect(readme).toContain(line);
    await expectNoLeak(() => readmeExample(), { iterations: 1 });
  });
});
