import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useBackend } from '@rimjs/core/testing';
import type { Progress } from '@rimjs/runkit';
import { runPreset } from './run-preset.js';

function recorder(): Progress & { lines: string[] } {
  const lines: string[] = [];
  return { lines, start: (m, from, total) => lines.push(`start ${m} ${from}/${total}`), tick: () => {}, log: (l) => lines.push(l), stop: () => {} };
}

describe('aim-experiments presets (tiny)', () => {
  beforeAll(() => useBackend('wasm')); // the conv backbone is much faster on wasm

  it('runs both experiments into one folder, writes the report with plots, and resumes without redoing work', { timeout: 120_000 }, async () => {
    const out = mkdtempSync(join(tmpdir(), 'aim-exp-'));
    const p1 = recorder();
    await runPreset('fewshot-tiny', { out, resume: false, progress: p1, command: 'fewshot-tiny' });
    expect(p1.lines.filter((l) => l.startsWith('start')).map((l) => l.split(' ').slice(1, -1).join(' '))).toEqual([
      'backbone seed 1', '1-shot no-aim seed 1', '1-shot aim seed 1', '5-shot no-aim seed 1', '5-shot aim seed 1',
    ]);
    const p2 = recorder();
    const md = await runPreset('continual-tiny', { out, resume: true, progress: p2, command: 'continual-tiny' });
    expect(p2.lines[0]).toBe('start backbone seed 1 4/4'); // the shared backbone is reused
    expect(md).toContain('| 5 | mnist | aim-no-adapt |');
    expect(md).toMatch(/\| oml-aim \| \d+\.\d\d ± \d+\.\d\d \| \d+\.\d\d ± \d+\.\d\d \|/);
    for (const f of ['report.md', 'fewshot.svg', 'continual.svg']) expect(statSync(join(out, f)).size).toBeGreaterThan(100);
    expect(readFileSync(join(out, 'fewshot.svg'), 'utf8')).toContain('<svg');
    const results = readFileSync(join(out, 'fewshot-results.json'), 'utf8');
    const p3 = recorder();
    await runPreset('fewshot-tiny', { out, resume: true, progress: p3, command: 'fewshot-tiny --resume' });
    expect(p3.lines.filter((l) => l.startsWith('start') && !l.includes('backbone'))).toEqual([]); // every arm was done
    expect(readFileSync(join(out, 'fewshot-results.json'), 'utf8')).toBe(results);
  });
});
