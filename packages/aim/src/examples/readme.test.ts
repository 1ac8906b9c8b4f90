import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { expectNoLeak, useBackend } from '@rimjs/core/testing';
import { readmeExample } from './readme-example.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README', () => {
  beforeAll(() => useBackend('cpu'));

  it('shows src/examples/readme-example.ts verbatim', () => {
    const source = readFileSync(new URL('./readme-example.ts', import.meta.url), 'utf8');
    expect(readme).toContain('```ts\n' + source + '```\n');
  });

  it('the example runs, prints what the README says and leaks nothing', async () => {
    const log = readmeExample();
    expect(log).toHaveLength(3);
    expect(log[0]).toMatch(/^loss \d+\.\d{4}, output \[4,10\], scores \[4,8\]$/);
    for (const line of log) expect(readme).toContain(line);
    await expectNoLeak(() => readmeExample(), { iterations: 1 });
  });
});
