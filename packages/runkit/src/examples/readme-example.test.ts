import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { captureLogs, expectReadmeShows, useBackend } from '@rimjs/core/testing';

describe('README example', () => {
  it('is the code block of the README, and runs without leaking', async () => {
    expectReadmeShows(new URL('../../README.md', import.meta.url), new URL('./readme-example.ts', import.meta.url));
    await useBackend('cpu');
    const before = tf.memory().numTensors;
    const lines = await captureLogs(() => import('./readme-example.js'));
    expect(tf.memory().numTensors).toBe(before);
    expect(lines[0]).toBe('0 model.w,optimizer.accBeta1,optimizer.accBeta2,optimizer.iterations');
    expect(lines[1]).toBe('0.6167 0.0208 0.0517');
  });
});
