import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readmeExample } from './readme-example.js';

describe('README example', () => {
  it('is the code the README shows, and times both models on cpu', async () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const code = readFileSync(new URL('./readme-example.ts', import.meta.url), 'utf8');
    const body = code.slice(code.indexOf('  // 2 units'), code.lastIndexOf('}')).trimEnd();
    expect(readme).toContain(body);
    const markdown = await readmeExample();
    expect(markdown).toContain('| rim-official-lstm-copying-small-train | ');
    expect(markdown).toContain('| lstm-copying-small-train | ');
    expect(markdown).not.toContain('LEAK');
  });
});
