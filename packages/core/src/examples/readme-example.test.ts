import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { captureLogs, expectReadmeShows, useBackend } from '../testing/index.js';

describe('README example', () => {
  it('is the code block of the README, and runs without leaking', async () => {
    expectReadmeShows(new URL('../../README.md', import.meta.url), new URL('./readme-example.ts', import.meta.url));
    await useBackend('cpu');
    const before = tf.memory().numTensors;
    const lines = await captureLogs(() => import('./readme-example.js'));
    expect(tf.memory().numTensors).toBe(before);
    expect(lines[0]).toBe('backend: wasm');
    expect(lines[1]).toBe('proj.weight,proj.bias 38784 8,6,64');
  });

  it('expectReadmeShows names the files when the README does not show the example', () => {
    expect(() => expectReadmeShows(new URL('../../package.json', import.meta.url), new URL('./readme-example.ts', import.meta.url))).toThrow(/package\.json does not show .*readme-example\.ts verbatim/);
  });
});
