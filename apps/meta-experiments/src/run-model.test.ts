import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSafetensorsFile } from '@rimjs/core';
import { useBackend } from '@rimjs/core/testing';
import { createProgress } from '@rimjs/runkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { finalEval, readFinalEval } from './final-eval.js';
import { iterationsOf, PRESETS } from './presets.js';
import { writeReport } from './report.js';
import { runModel } from './run-model.js';

const quiet = () => createProgress({ quiet: true, logEvery: 1000, out: { write: () => true } as never });

describe('meta-experiments runs', () => {
  beforeAll(() => useBackend('wasm'));

  it.each(['meta-rim', 'lstm'] as const)('%s: a run stopped and resumed from its checkpoints equals a straight run; the report lists it', async (model) => {
    const p = PRESETS.ci!;
    expect(iterationsOf(p)).toBe(2);
    const straight = mkdtempSync(join(tmpdir(), 'meta-straight-'));
    const split = mkdtempSync(join(tmpdir(), 'meta-split-'));
    const a = await runModel('ci', p, model, 1, straight, quiet(), false);
    const first = await runModel('ci', p, model, 1, split, quiet(), false, 1);
    expect(first.done).toBe(false);
    const b = await runModel('ci', p, model, 1, split, quiet(), true);
    expect(b.done).toBe(true);
    expect(a.curve[2]!.tensors).toBe(a.curve[1]!.tensors); // no tensor growth between evaluations
    expect(b.curve.map((c) => [c.frames, c.evalSuccess, c.evalReturn, c.trainReturn])).toEqual(a.curve.map((c) => [c.frames, c.evalSuccess, c.evalReturn, c.trainReturn]));
    for (const kind of model === 'lstm' ? ['fast'] : ['fast', 'slow']) {
      // Parameters and Adam state bit for bit (the metadata's wall time differs).
      const [x, y] = await Promise.all([straight, split].map((d) => readSafetensorsFile(join(d, `${model}-s1.${kind}.safetensors`))));
      expect([...y!.tensors.keys()]).toEqual([...x!.tensors.keys()]);
      for (const [name, t] of x!.tensors) expect(Array.from(y!.tensors.get(name)!.data), name).toEqual(Array.from(t.data));
    }
    // The final evaluation reloads the last checkpoint: its held-out success is the curve's last point.
    const fe = await finalEval(split, 'ci', p, model, 1);
    expect(fe).toMatchObject({ model, seed: 1, iteration: 2, frames: a.curve.at(-1)!.frames, episodes: p.evalEpisodes });
    expect(fe.test.map((t) => t.task)).toEqual(['GoToObj-S5']);
    expect(fe.test[0]!.successRate).toBe(a.curve.at(-1)!.evalSuccess);
    expect(fe.train[0]!.successRate).toBeGreaterThanOrEqual(0);
    expect(readFinalEval(split, model, 1)).toEqual(fe);
    const report = await writeReport(split, 'ci', 'test');
    expect(report).toContain(`| ${model} | 1 |`);
    expect(report).toMatch(new RegExp(`\\| ${model} \\| 1 \\| \\d+ ± 0 % / \\d+ ± 0 % \\|`));
    expect(readFileSync(join(split, 'success.svg'), 'utf8')).toMatch(/^<svg/);
  });
});
