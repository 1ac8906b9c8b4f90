import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { captureLogs, expectReadmeShows } from '@rimjs/core/testing';

describe('README example', () => {
  it('is the code block of the README, and runs without leaking', async () => {
    expectReadmeShows(new URL('../../README.md', import.meta.url), new URL('./readme-example.ts', import.meta.url));
    const lines = await captureLogs(() => import('./readme-example.js'));
    expect(tf.memory().numTensors).toBe(0);
    expect(lines[0]).toBe('slow: 10 attention tensors, fast: 19 others');
    expect(lines[1]).toMatch(/^64 frames of GoToObj-S5, \d+ episodes$/);
    expect(lines[2]).toMatch(/^held-out success (0|1)\.\d\d over 1 task$/);
  });
});
