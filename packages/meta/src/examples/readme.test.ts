import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it, vi } from 'vitest';

describe('README example', () => {
  it('is the code block of the README, and runs without leaking', async () => {
    const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
    const example = readFileSync(fileURLToPath(new URL('./readme-example.ts', import.meta.url)), 'utf8');
    expect(readme).toContain('```ts\n' + example + '```');
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    await import('./readme-example.js');
    const lines = log.mock.calls.map((c) => c.map(String).join(' '));
    log.mockRestore();
    expect(tf.memory().numTensors).toBe(0);
    expect(lines[0]).toBe('slow: 10 attention tensors, fast: 19 others');
    expect(lines[1]).toMatch(/^64 frames of GoToObj-S5, \d+ episodes$/);
    expect(lines[2]).toMatch(/^held-out success (0|1)\.\d\d over 1 task$/);
  });
});
