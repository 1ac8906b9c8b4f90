import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it, vi } from 'vitest';
import { useBackend } from '@rimjs/core/testing';

describe('README example', () => {
  it('is the code block of the README, and runs without leaking', async () => {
    const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
    const example = readFileSync(fileURLToPath(new URL('./readme-example.ts', import.meta.url)), 'utf8');
    expect(readme).toContain('```ts\n' + example + '```');
    await useBackend('cpu');
    const before = tf.memory().numTensors;
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    await import('./readme-example.js');
    const lines = log.mock.calls.map((c) => c.map(String).join(' '));
    log.mockRestore();
    expect(tf.memory().numTensors).toBe(before);
    expect(lines[0]).toBe('0 model.w,optimizer.accBeta1,optimizer.accBeta2,optimizer.iterations');
    expect(lines[1]).toBe('0.6167 0.0208 0.0517');
  });
});
