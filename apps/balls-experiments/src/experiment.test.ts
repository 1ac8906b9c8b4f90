import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CheckpointError, ConfigError } from '@rimjs/core';
import { useBackend } from '@rimjs/core/testing';
import type { Progress } from '@rimjs/runkit';
import { trainBallsModel } from './balls-run.js';
import { runBallsExperiment } from './experiment.js';
import { PRESETS } from './presets.js';
import { bceCurves, rimBelowFrom, writeBallsReport } from './report.js';
import { stripPng } from './strip-png.js';

const quiet: Progress = { start() {}, tick() {}, log() {}, stop() {} };
const tiny = PRESETS.tiny!;

describe('balls experiment', () => {
  beforeAll(() => useBackend('wasm'));

  it('runs the tiny preset end to end: results, report, strips, activity, nothing leaked', async () => {
    const out = mkdtempSync(join(tmpdir(), 'balls-'));
    const before = tf.memory().numTensors;
    const results = await runBallsExperiment(tiny, out, quiet);
    expect(tf.memory().numTensors).toBe(before);
    expect(results.map((r) => r.model)).toEqual(['rim', 'lstm']);
    const predicted = tiny.frames - tiny.observe;
    for (const r of results) {
      expect(r.scores.map((s) => s.test)).toEqual(tiny.tests);
      for (const s of r.scores) {
        expect(s.bce).toHaveLength(predicted);
        expect(s.bce.every((v) => Number.isFinite(v) && v > 0)).toBe(true);
        expect(s.example).toHaveLength(predicted);
        expect(s.truth[0]).toHaveLength(tiny.side * tiny.side);
      }
    }
    expect(results[0]!.scores[0]!.activity).toHaveLength(tiny.frames);
    expect(results[1]!.scores[0]!.activity).toBeNull();
    const md = await writeBallsReport(tiny, 'tiny', results, out, 'test', 1);
    expect(md).toMatch(/## Rollout on balls4/);
    for (const f of ['report.md', 'results.json', 'bce-balls4.svg', 'strip-balls4.png', 'activity-balls4.svg', 'strip-curtain.png']) expect(existsSync(join(out, f)), f).toBe(true);
    // a second call finds the finished runs and trains nothing
    const again = await runBallsExperiment(tiny, out, quiet);
    expect(again).toEqual(JSON.parse(JSON.stringify(results)));
    rmSync(out, { recursive: true });
  });

  it('a resumed run continues to the same losses as a straight run; another run is refused', async () => {
    const straight = mkdtempSync(join(tmpdir(), 'balls-a-'));
    const a = await trainBallsModel(tiny, 'rim', 1, straight, quiet);
    a.net.dispose();
    const resumed = mkdtempSync(join(tmpdir(), 'balls-b-'));
    const half = await trainBallsModel({ ...tiny, steps: 2 }, 'rim', 1, resumed, quiet);
    half.net.dispose();
    const b = await trainBallsModel(tiny, 'rim', 1, resumed, quiet);
    b.net.dispose();
    expect(b.losses).toEqual(a.losses);
    await expect(trainBallsModel({ ...tiny, lr: 0.5 }, 'rim', 1, resumed, quiet)).rejects.toThrow(CheckpointError);
    expect(JSON.parse(readFileSync(join(resumed, 'losses.json'), 'utf8'))).toHaveLength(tiny.steps);
  });

  it('draws strips row by row, and refuses frames of the wrong size', () => {
    const side = 4;
    const black = Array.from({ length: side * side }, () => 1);
    const white = Array.from({ length: side * side }, () => 0);
    const png = PNG.sync.read(Buffer.from(stripPng([[black, white, black], [white, white, white]], side, 2)));
    expect([png.width, png.height]).toEqual([3 * (8 + 2) + 2, 2 * (8 + 2) + 2]);
    expect(png.data[(2 * png.width + 2) * 4]).toBe(0); // row 0, frame 0: black
    expect(png.data[(2 * png.width + 2 + 10) * 4]).toBe(255); // row 0, frame 1: white
    expect(() => stripPng([[black], [white, white]], side)).toThrow(ConfigError);
  });

  it('finds the predicted frame from which the RIM stays below the LSTM', () => {
    const mk = (rim: number[], lstm: number[]) =>
      bceCurves(
        [
          { model: 'rim', seed: 1, params: 0, steps: 1, trainSec: 0, finalLoss: 0, scores: [{ test: 'balls4', bce: rim, example: [], truth: [], activity: null }] },
          { model: 'lstm', seed: 1, params: 0, steps: 1, trainSec: 0, finalLoss: 0, scores: [{ test: 'balls4', bce: lstm, example: [], truth: [], activity: null }] },
        ],
        'balls4',
      );
    expect(rimBelowFrom(mk([5, 6, 7, 8], [4, 7, 8, 9]))).toBe(2);
    expect(rimBelowFrom(mk([5, 6, 7, 9], [4, 7, 8, 8]))).toBeNull();
  });
});
