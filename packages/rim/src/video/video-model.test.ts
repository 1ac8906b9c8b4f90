import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, ShapeError } from '@rimjs/core';
import { expectNoLeak, maxAbsDiff, useBackend } from '@rimjs/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { bcePerFrame, bceWithLogits } from './frame-bce.js';
import { createVideoModel } from './video-model.js';
import type { VideoModelConfig } from './video-model-config.js';

const side = 16;
const rimConfig: VideoModelConfig = { kind: 'rim', side, channels: [4, 8], featureSize: 24, layers: [{ numUnits: 4, topK: 2, hidden: 8 }], seed: 1 };

function frames(time: number, batch: number, seed: number): tf.Tensor3D {
  return tf.tidy(() => tf.cast(tf.greater(tf.randomUniform([time, batch, side * side], 0, 1, 'float32', seed), 0.9), 'float32')) as tf.Tensor3D;
}

describe('createVideoModel', () => {
  beforeAll(() => useBackend('wasm'));

  it('maps frames to next-frame logits; RIM masks have topK active units; LSTM and GRU share the interface', () => {
    const x = frames(5, 3, 1);
    const configs: VideoModelConfig[] = [rimConfig, { kind: 'lstm', side, channels: [4, 8], featureSize: 24, hidden: 32, seed: 1 }, { kind: 'gru', side, hidden: 32, seed: 1 }];
    for (const cfg of configs) {
      const m = createVideoModel(cfg);
      const { logits, masks } = m.forward(x);
      expect(logits.shape).toEqual([5, 3, side * side]);
      if (cfg.kind === 'rim') {
        expect(masks!.shape).toEqual([5, 3, 4]);
        expect(tf.sum(masks!, 2).dataSync().every((v) => v === 2)).toBe(true);
      } else expect(masks).toBeNull();
      tf.dispose([logits, masks ?? []]);
      m.dispose();
    }
    x.dispose();
  });

  it('rollout: the observed steps equal teacher forcing, and no given frame is read past them', () => {
    const m = createVideoModel(rimConfig);
    const x = frames(8, 2, 2);
    const teacher = m.forward(x);
    const r = m.rollout(x, { observe: 3 });
    expect(r.probs.shape).toEqual([8, 2, side * side]);
    expect(r.masks!.shape).toEqual([8, 2, 4]);
    const head = (t: tf.Tensor) => tf.slice(t, [0, 0, 0], [3, -1, -1]);
    expect(maxAbsDiff(head(r.probs), tf.sigmoid(head(teacher.logits)))).toBeLessThan(1e-5);
    // Change every frame from step 3 on: the rollout must not move.
    const other = tf.concat([tf.slice(x, [0, 0, 0], [3, -1, -1]), frames(5, 2, 99)], 0) as tf.Tensor3D;
    const r2 = m.rollout(other, { observe: 3 });
    expect(maxAbsDiff(r2.probs, r.probs)).toBe(0);
    // ... while teacher forcing does read them.
    const teacher2 = m.forward(other);
    expect(maxAbsDiff(teacher2.logits, teacher.logits)).toBeGreaterThan(1e-4);
    // Feeding back its own prediction: step 3's input is step 2's prediction, so a rollout over the
    // frames [x0, x1, x2, p2] with observe 4 gives the same step-3 prediction.
    const p2 = tf.slice(r.probs, [2, 0, 0], [1, -1, -1]);
    const fed = tf.concat([tf.slice(x, [0, 0, 0], [3, -1, -1]), p2], 0) as tf.Tensor3D;
    const r3 = m.rollout(fed, { observe: 4 });
    expect(maxAbsDiff(tf.slice(r3.probs, [3, 0, 0], [1, -1, -1]), tf.slice(r.probs, [3, 0, 0], [1, -1, -1]))).toBeLessThan(1e-5);
    tf.dispose([x, other, fed, p2, teacher.logits, teacher.masks!, teacher2.logits, teacher2.masks!, r.probs, r.masks!, r2.probs, r2.masks!, r3.probs, r3.masks!]);
    m.dispose();
  });

  it('learns: teacher-forced BCE falls over Adam steps; same seed, same losses', () => {
    const losses = (): number[] => {
      const m = createVideoModel(rimConfig);
      const opt = tf.train.adam(0.01);
      const x = frames(6, 4, 3);
      const out: number[] = [];
      for (let i = 0; i < 15; i++) {
        const { value, grads } = tf.variableGrads(() => {
          const { logits, masks } = m.forward(tf.slice(x, [0, 0, 0], [5, -1, -1]) as tf.Tensor3D);
          masks?.dispose();
          return bceWithLogits(logits, tf.slice(x, [1, 0, 0], [5, -1, -1]) as tf.Tensor3D);
        }, m.params.trainable());
        opt.applyGradients(grads as Record<string, tf.Variable>);
        out.push(value.dataSync()[0]!);
        tf.dispose([value, ...Object.values(grads)]);
      }
      tf.dispose(x);
      opt.dispose();
      m.dispose();
      return out;
    };
    const a = losses();
    expect(losses()).toEqual(a);
    expect(a.at(-1)!).toBeLessThan(0.75 * a[0]!);
  });

  it('bcePerFrame sums a frame, averages the batch; bceWithLogits equals it on sigmoid', () => {
    const logits = tf.randomNormal([3, 2, side * side], 0, 2, 'float32', 5) as tf.Tensor3D;
    const y = frames(3, 2, 6);
    const perFrame = bcePerFrame(tf.sigmoid(logits) as tf.Tensor3D, y);
    const mean = bceWithLogits(logits, y);
    expect(perFrame.shape).toEqual([3]);
    expect(tf.mean(perFrame).dataSync()[0]! / (side * side)).toBeCloseTo(mean.dataSync()[0]!, 4);
    const p = Array.from(tf.sigmoid(logits).dataSync());
    const t = Array.from(y.dataSync());
    let s = 0;
    for (let i = 0; i < side * side; i++) s -= t[i]! * Math.log(p[i]!) + (1 - t[i]!) * Math.log(1 - p[i]!); // frame 0, sequence 0
    let s1 = 0;
    for (let i = side * side; i < 2 * side * side; i++) s1 -= t[i]! * Math.log(p[i]!) + (1 - t[i]!) * Math.log(1 - p[i]!);
    expect(perFrame.dataSync()[0]).toBeCloseTo((s + s1) / 2, 2);
    tf.dispose([logits, y, perFrame, mean]);
  });

  it('does not leak in forward or rollout, and names bad configs and inputs', async () => {
    const m = createVideoModel(rimConfig);
    const x = frames(4, 2, 7);
    await expectNoLeak(() => tf.dispose(Object.values(m.forward(x)) as tf.Tensor[]));
    await expectNoLeak(() => tf.dispose(Object.values(m.rollout(x, { observe: 2 })) as tf.Tensor[]));
    expect(() => m.rollout(x, { observe: 5 })).toThrow(/'observe' must be an integer in \[1, time = 4\], got 5/);
    expect(() => m.forward(tf.zeros([4, 2, 10]) as tf.Tensor3D)).toThrow(ShapeError);
    expect(() => createVideoModel({ ...rimConfig, side: 18 })).toThrow(/side.*multiple of 4/);
    expect(() => createVideoModel({ ...rimConfig, kind: 'transformer' as never })).toThrow(ConfigError);
    tf.dispose(x);
    m.dispose();
  });
});
