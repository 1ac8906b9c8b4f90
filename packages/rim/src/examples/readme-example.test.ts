import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '@rimjs/core/testing';
import { describe, expect, it, vi } from 'vitest';

describe('README example', () => {
  it('is the code block of the README, and runs without leaking', async () => {
    const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
    const example = readFileSync(fileURLToPath(new URL('./readme-example.ts', import.meta.url)), 'utf8');
    expect(readme).toContain('```ts\n' + example + '```');
    await useBackend('wasm');
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const before = tf.memory().numTensors;
    await import('./readme-example.js');
    expect(tf.memory().numTensors).toBe(before);
    const lines = log.mock.calls.map((c) => String(c[0]));
    log.mockRestore();
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(line).toMatch(/^step \d: active units \d, \d, \d, \d$/);
    expect(lines[0]).toBe('step 0: active units 0, 1, 2, 3'); // a zero state ties every unit: lower indices win
  });
});
