import { describe, it, expect, beforeAll } from 'vitest';
import { expectNoLeak, expectReadmeShows, useBackend } from '@rimjs/core/testing';
import { readmeExample } from './readme-example.js';
import { renderSamples } from './render-samples.js';

const readme = expectReadmeShows(new URL('../../README.md', import.meta.url), new URL('./readme-example.ts', import.meta.url));

describe('README', () => {
  beforeAll(() => useBackend('cpu'));

  it('the example runs, prints what the README says and leaks nothing', async () => {
    const log = readmeExample();
    expect(log).toEqual([
      'copying loss 0.0004',
      'copying loss 0.0004',
      'train inputs [196,64] int32, labels [64]',
      'test inputs [576,1000], labels [1000]',
    ]);
    for (const line of log) expect(readme).toContain(line);
    // perfect logits with margin 10 over a vocabulary of 10: log(1 + 9 e^-10)
    expect(Math.log(1 + 9 * Math.exp(-10)).toFixed(4)).toBe('0.0004');
    await expectNoLeak(() => readmeExample(), { iterations: 1 });
  });

  it('shows the current output of src/examples/render-samples.ts', () => {
    expect(readme).toContain('```text\n' + renderSamples() + '\n```\n');
  });
});
