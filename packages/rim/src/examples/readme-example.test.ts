import * as tf from '@tensorflow/tfjs-core';
import { captureLogs, expectReadmeShows, useBackend } from '@rimjs/core/testing';
import { describe, expect, it } from 'vitest';

describe('README example', () => {
  it('is the code block of the README, and runs without leaking', async () => {
    expectReadmeShows(new URL('../../README.md', import.meta.url), new URL('./readme-example.ts', import.meta.url));
    await useBackend('wasm');
    const before = tf.memory().numTensors;
    const lines = await captureLogs(() => import('./readme-example.js'));
    expect(tf.memory().numTensors).toBe(before);
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(line).toMatch(/^step \d: active units \d, \d, \d, \d$/);
    expect(lines[0]).toBe('step 0: active units 0, 1, 2, 3'); // a zero state ties every unit: lower indices win
  });
});
