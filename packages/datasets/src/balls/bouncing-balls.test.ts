import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, Rng } from '@rimjs/core';
import { expectNoLeak, useBackend } from '@rimjs/core/testing';
import { BouncingBalls } from './bouncing-balls.js';
import { bouncingBalls, BOUNCING_BALLS_PRESETS } from './bouncing-balls-presets.js';

/** Frame t of sequence b in a [time, batch, pixels] array. */
const frameOf = (data: Float32Array | Int32Array, t: number, b: number, batch: number, px: number): number[] =>
  Array.from(data.subarray((t * batch + b) * px, (t * batch + b + 1) * px));

describe('BouncingBalls', () => {
  beforeAll(() => useBackend('cpu'));

  it('frames and targets are [50, batch, side^2] float32; targets are the next frames', () => {
    const ds = new BouncingBalls({ side: 32 });
    expect(ds.shapes.frames).toEqual({ dims: [['time', 50], ['batch', null], ['pixels', 1024]], dtype: 'float32' });
    const b = ds.toTensors(ds.batchAt(0, 3, 1));
    expect([b.frames.shape, b.frames.dtype, b.targets.shape]).toEqual([[50, 3, 1024], 'float32', [50, 3, 1024]]);
    tf.dispose(b);
    const { frames, targets } = ds.batchAt(0, 3, 1);
    for (let s = 0; s < 3; s++) for (let t = 0; t < 49; t++) expect(frameOf(frames.data, t + 1, s, 3, 1024)).toEqual(frameOf(targets.data, t, s, 3, 1024));
    expect(frames.data.every((v) => v === 0 || v === 1)).toBe(true);
    expect(frameOf(frames.data, 1, 0, 3, 1024)).not.toEqual(frameOf(frames.data, 20, 0, 3, 1024)); // the balls move
  });

  it('frames show the simulated balls: ink about sum(pi r^2) side^2 and pixels on where a ball is', () => {
    const ds = new BouncingBalls({ side: 64 });
    const { frames } = ds.batchAt(2, 4, 'ink');
    for (let b = 0; b < 4; b++) {
      const traj = ds.trajectory(new Rng('ink').child(2).child(b));
      expect(traj.count).toBe(4);
      const ink = frameOf(frames.data, 0, b, 4, 4096).reduce((a, v) => a + v, 0); // frame 0: no overlap
      const area = Math.PI * 0.12 ** 2 * 4 * 4096;
      expect(Math.abs(ink - area) / area).toBeLessThan(0.05);
      for (let i = 0; i < 4; i++) {
        const [x, y] = [traj.positions[i * 2]!, traj.positions[i * 2 + 1]!];
        const pixel = Math.floor(y * 64) * 64 + Math.floor(x * 64);
        expect(frames.data[b * 4096 + pixel]).toBe(1);
      }
    }
  });

  it('balls678 draws 6, 7 or 8 balls per sequence, each count about a third of the time', () => {
    const ds = bouncingBalls('balls678', { side: 16, frames: 2 });
    const counts: Record<number, number> = {};
    for (let b = 0; b < 300; b++) {
      const k = ds.trajectory(new Rng(1).child(b)).count;
      counts[k] = (counts[k] ?? 0) + 1;
    }
    expect(Object.keys(counts).map(Number).sort()).toEqual([6, 7, 8]);
    for (const k of [6, 7, 8]) expect(counts[k]!).toBeGreaterThan(70);
  });

  it('curtain hides columns [24, 40) of the inputs at side 64, not of the targets', () => {
    const ds = bouncingBalls('curtain');
    expect(ds.curtainColumns).toEqual([24, 40]);
    expect(ds.name).toBe('curtain-64');
    const { frames, targets } = ds.batchAt(0, 4, 3);
    let hiddenInk = 0;
    let inkInBand = 0;
    let mismatches = 0;
    for (let b = 0; b < 4; b++) {
      for (let t = 0; t < 50; t++) {
        const f = frameOf(frames.data, t, b, 4, 4096);
        for (let i = 0; i < 64; i++) for (let j = 24; j < 40; j++) inkInBand += f[i * 64 + j]!;
        if (t < 49) {
          const next = frameOf(targets.data, t, b, 4, 4096);
          const shown = frameOf(frames.data, t + 1, b, 4, 4096);
          for (let i = 0; i < 4096; i++) {
            const j = i % 64;
            if (j < 24 || j >= 40) mismatches += shown[i] === next[i] ? 0 : 1;
            else hiddenInk += next[i]!;
          }
        }
      }
    }
    expect(inkInBand).toBe(0);
    expect(mismatches).toBe(0);
    expect(hiddenInk).toBeGreaterThan(0); // the targets do show balls behind the curtain
  });

  it('grey render gives values in [0, 1] with intermediate levels', () => {
    const { frames } = new BouncingBalls({ side: 32, render: 'grey', frames: 5 }).batchAt(0, 2, 1);
    expect(frames.data.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(frames.data.some((v) => v > 0.1 && v < 0.9)).toBe(true);
  });

  it('is deterministic by seed and step', () => {
    const a = new BouncingBalls({ side: 16 }).batchAt(4, 2, 'x').frames.data;
    expect(a).toEqual(new BouncingBalls({ side: 16 }).batchAt(4, 2, 'x').frames.data);
    expect(a).not.toEqual(new BouncingBalls({ side: 16 }).batchAt(4, 2, 'y').frames.data);
    expect(a).not.toEqual(new BouncingBalls({ side: 16 }).batchAt(5, 2, 'x').frames.data);
  });

  it('presets: balls4, balls678, curtain', () => {
    expect(Object.keys(BOUNCING_BALLS_PRESETS)).toEqual(['balls4', 'balls678', 'curtain']);
    expect(bouncingBalls('balls4').name).toBe('balls4-64');
    expect(bouncingBalls('balls678', { side: 32 }).config.balls).toEqual([6, 7, 8]);
    expect(() => bouncingBalls('balls5' as never)).toThrow("bouncingBalls: 'preset' must be one of balls4 | balls678 | curtain, got \"balls5\"");
  });

  it('rejects bad configs, naming every field', () => {
    expect(() => new BouncingBalls({ balls: [], radius: 0.6 })).toThrow(ConfigError);
    expect(() => new BouncingBalls({ balls: [], radius: 0.6 })).toThrow(/BouncingBallsConfig\.balls: .*\n.*BouncingBallsConfig\.radius/);
    expect(() => new BouncingBalls({ curtain: { from: 0.7, to: 0.2 } })).toThrow(/BouncingBallsConfig\.curtain/);
    expect(() => new BouncingBalls({ count: 4 } as never)).toThrow(/count: unknown field/);
  });

  it('leaks no tensor', async () => {
    const ds = new BouncingBalls({ side: 16, size: 8, frames: 10 });
    await expectNoLeak(() => {
      for (const b of ds.batches({ batchSize: 4, seed: 1 })) tf.dispose(b);
    });
    await expectNoLeak(() => tf.dispose(ds.evaluationSet({ size: 2 })));
  });
});
