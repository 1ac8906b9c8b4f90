import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import '@rimjs/core';

const here = new URL('.', import.meta.url);

describe('README example', () => {
  it('is src/examples/readme-example.ts, verbatim', () => {
    const readme = readFileSync(new URL('../../README.md', here), 'utf8');
    const file = readFileSync(new URL('readme-example.ts', here), 'utf8');
    const block = /## Example[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBe(file);
  });

  it('runs, prints a finite loss and frees what it made', async () => {
    await tf.setBackend('cpu');
    await tf.ready();
    const logs: unknown[][] = [];
    const before = tf.memory().numTensors;
    const log = console.log;
    console.log = (...args: unknown[]) => void logs.push(args); // raw arguments: the loss is a number
    try {
      await import('./readme-example.js');
    } finally {
      console.log = log;
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(logs[0]![0]).toBe('loss');
    expect(Number.isFinite(logs[0]![1])).toBe(true);
    expect(logs[1]).toEqual([[8, 6, 32], [8, 6, 32]]);
  });
});
