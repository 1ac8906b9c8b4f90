import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '@rimjs/core/testing';
import { ModelRun } from './model-run.js';
import { resolvePlaygroundConfig } from './playground-config.js';
import { BALLS, VideoRun } from './video-run.js';
import { encodeWeights, loadWeights } from './weights-file.js';

const config = resolvePlaygroundConfig({ units: 4, topK: 2, hidden: 8, lr: 0.005 });

describe('VideoRun (bouncing balls in the playground)', () => {
  beforeAll(() => useBackend('wasm'));

  it('learns: the loss falls; same seed, same losses; the rollout view has the predicted frames; no leaks', () => {
    const before = tf.memory().numTensors;
    const a = new VideoRun('rim', config);
    const b = new VideoRun('rim', config);
    const la = Array.from({ length: 12 }, () => a.step());
    expect(Array.from({ length: 12 }, () => b.step())).toEqual(la);
    expect(la.at(-1)!).toBeLessThan(0.8 * la[0]!);
    const tensors = tf.memory().numTensors;
    a.step();
    const v = a.view();
    const s = a.score();
    expect(tf.memory().numTensors).toBe(tensors);
    const predicted = BALLS.frames - BALLS.observe;
    expect(v.truth).toHaveLength(predicted);
    expect(v.predicted[0]).toHaveLength(BALLS.side * BALLS.side);
    expect(v.active).toHaveLength(BALLS.frames);
    expect(v.active!.every((row) => row.reduce((x, y) => x + y, 0) === config.topK)).toBe(true);
    expect(s.label).toBe('rollout BCE per frame');
    expect(s.value).toBeGreaterThan(0);
    const lstm = new VideoRun('lstm', config);
    expect(lstm.view().active).toBeNull();
    for (const r of [a, b, lstm]) r.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('weights round-trip; a copying file is refused by a balls panel and the reverse', async () => {
    const a = new VideoRun('rim', config);
    a.step();
    const b = new VideoRun('rim', config);
    expect(loadWeights(b, await encodeWeights(a), 'balls.safetensors')).toBe(1);
    expect(b.score().value).toBe(a.score().value);
    const copying = new ModelRun('rim', config);
    const ballsFile = await encodeWeights(a);
    const copyingFile = await encodeWeights(copying);
    expect(() => loadWeights(copying, ballsFile, 'balls.safetensors')).toThrow(/model of the balls task, this page trains copying/);
    expect(() => loadWeights(a, copyingFile, 'copying.safetensors')).toThrow(/model of the copying task, this page trains balls/);
    for (const r of [a, b, copying]) r.dispose();
  });
});
