import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { expectReadmeShows, useBackend } from '@rimjs/core/testing';
import { readmeExample } from './readme-example.js';

const readme = expectReadmeShows(new URL('../../README.md', import.meta.url), new URL('./readme-example.ts', import.meta.url));

describe('README', () => {
  beforeAll(() => useBackend('cpu'));

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
