import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { captureLogs } from '@rimjs/core/testing';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const example = readFileSync(new URL('./examples/readme-example.ts', import.meta.url), 'utf8');

describe('README', () => {
  it('shows the example file verbatim, 10-20 lines', () => {
    const block = /## Example[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBe(example);
    const lines = example.trim().split('\n').filter((l) => l.trim() !== '').length;
    expect(lines).toBeGreaterThanOrEqual(10);
    expect(lines).toBeLessThanOrEqual(20);
  });

  it('runs the example', async () => {
    const lines = await captureLogs(() => import('./examples/readme-example.js'));
    expect(lines).toEqual(['64,6,400 64,1,6,2 1,1,1,1,0,0 64,6,100']);
  });

  it('documents every config field', () => {
    for (const f of ['units', 'querySize', 'keySize', 'slots', 'heads', 'keyDim', 'valueDim', 'projection', 'bias', 'output', 'outputSize',
      'residual', 'dropout', 'attentionDropout', 'sparseTopK', 'sparseMethod', 'scale', 'projectionInit', 'outputInit', 'inputSize',
      'numInputs', 'keyValue']) {
      expect(readme, f).toContain(`| \`${f}\` |`);
    }
  });
});
