import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '@rimjs/core/testing';
import { readmeExample } from './readme-example.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README', () => {
  beforeAll(() => useBackend('cpu'));

  it('shows src/examples/readme-example.ts verbatim', () => {
    const source = readFileSync(new URL('./readme-example.ts', import.meta.url), 'utf8');
    expect(readme).toContain('```ts\n' + source + '```\n');
  });

  it('the example runs, prints what the README says and leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const log = await readmeExample();
    expect(tf.memory().numTensors).toBe(before);
    expect(log).toHaveLength(2);
    expect(log[0]).toMatch(/^lstm\.weightHh: \d+\/64 blocks pruned \(\d+\.\d %\), \d+ weights kept$/);
    expect(log[1]).toMatch(/bsrMatMul vs dense max \|diff\| < 1e-5: true$/);
    for (const line of log) expect(readme).toContain(line);
  });
});
