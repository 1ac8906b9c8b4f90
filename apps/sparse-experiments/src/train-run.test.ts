import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '@rimjs/core/testing';
import { CharCorpus, DatasetError, loadCharCorpus } from '@rimjs/datasets';
import { createProgress, type Progress } from '@rimjs/runkit';
import { decodeBlockSparse } from '@rimjs/sparse';
import { PRESETS } from './presets.js';
import { kjvTask } from './tasks.js';
import { trainRun } from './train-run.js';

const text = Array.from({ length: 400 }, (_, i) => `Ge1:${i} And God said, Let there be light: and there was light ${i % 7}.`).join('\n');
const corpus = CharCorpus.fromText(text, { stripLinePrefix: /^[1-3]?[A-Za-z]+\d+:\d+ / });

describe('CharCorpus (datasets/text)', () => {
  it('builds the vocabulary, strips prefixes, splits and batches deterministically', () => {
    expect(corpus.decode(corpus.splits.train.subarray(0, 7))).toBe('And God');
    expect(corpus.vocab).not.toContain(':'.repeat(2));
    const total = corpus.splits.train.length + corpus.splits.valid.length + corpus.splits.test.length;
    expect(corpus.splits.train.length).toBe(Math.floor(total * 0.9));
    const a = corpus.batchAt('train', 3, 4, 16, 7);
    const b = corpus.batchAt('train', 3, 4, 16, 7);
    expect(a.inputs).toEqual(b.inputs);
    expect(a.inputs.subarray(1, 16)).toEqual(a.targets.subarray(0, 15)); // targets are the next characters
    expect(corpus.batchAt('train', 4, 4, 16, 7).inputs).not.toEqual(a.inputs);
    const w = corpus.windows('test', 32, 3);
    expect(w.shape).toEqual([3, 32]);
    expect(() => corpus.batchAt('train', 0, 0, 16, 1)).toThrow(/CharCorpus.batchAt.batchSize/);
    expect(() => CharCorpus.fromText('abc', { split: [0.5, 0.5, 0.5] })).toThrow(/CharCorpusConfig.split: must be three positive fractions summing to 1/);
  });

  it('names a missing file and how to make it', async () => {
    await expect(loadCharCorpus('/nonexistent/kjv.txt', {}, 'make it with: bible -f ...')).rejects.toThrow(DatasetError);
    await expect(loadCharCorpus('/nonexistent/kjv.txt', {}, 'make it with: bible -f ...')).rejects.toThrow(
      "loadCharCorpus: cannot read '/nonexistent/kjv.txt' (ENOENT); make it with: bible -f ...",
    );
  });
});

describe('trainRun (smoke preset)', () => {
  beforeAll(() => useBackend('wasm'));
  const preset = PRESETS.smoke!;
  const spec = preset.runs[1]!; // glp-8x8
  const task = kjvTask(preset, corpus);
  const quiet = () => createProgress({ quiet: true, logEvery: 1000, out: { write: () => true } as never });

  it('prunes, writes a block-sparse file that loads back, and resumes to the same result as a straight run', async () => {
    const before = tf.memory().numTensors;
    const straightDir = mkdtempSync(join(tmpdir(), 'sparse-a-'));
    const a = await trainRun(preset, spec, 1, task, straightDir, quiet(), false, 'wasm');
    expect(tf.memory().numTensors).toBe(before);
    expect(a.recurrentSparsity).toBeGreaterThan(0.3);
    expect(a.layers).toHaveLength(2);
    expect(a.sparseFileBytes).toBeLessThan(a.denseFileBytes);
    const file = decodeBlockSparse(readFileSync(join(straightDir, 'smoke', `${spec.id}-s1`, 'model.block-sparse.safetensors')));
    expect(Object.keys(file.bsr).sort()).toEqual(['cell.weightHh', 'cell.weightIh']);
    tf.dispose(Object.values(file.tensors));

    // a run that crashes at step 15 (after the checkpoint at 10), then resumes
    const dir = mkdtempSync(join(tmpdir(), 'sparse-b-'));
    const crashing: Progress = { ...quiet(), tick: (step) => { if (step === 15) throw new Error('crash'); } };
    await expect(trainRun(preset, spec, 1, task, dir, crashing, false, 'wasm')).rejects.toThrow('crash');
    tf.disposeVariables();
    const b = await trainRun(preset, spec, 1, task, dir, quiet(), true, 'wasm');
    expect(b.value).toBe(a.value);
    expect(b.losses).toEqual(a.losses);
    expect(b.recurrentSparsity).toBe(a.recurrentSparsity);
  });
});
