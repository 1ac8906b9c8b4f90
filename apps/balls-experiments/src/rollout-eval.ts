import * as tf from '@tensorflow/tfjs-core';
import { bcePerFrame, type VideoModel } from '@rimjs/rim';
import { ballsData } from './balls-run.js';
import type { BallsPreset } from './presets.js';

/** A model's rollout on one test set. */
export interface RolloutScore {
  test: BallsPreset['train'];
  /** BCE (nats per frame, summed over pixels, mean over sequences) of each predicted frame `observe+1 .. frames`. */
  bce: number[];
  /** Sequence 0: predicted probabilities of the rolled-out frames `[predicted][pixels]`. */
  example: number[][];
  /** Sequence 0: ground truth of the same frames. */
  truth: number[][];
  /** Sequence 0, RIM only: active units `[step][unit]` over the whole rollout; null for the LSTM. */
  activity: number[][] | null;
}

/**
 * Rolls the model out on the fixed evaluation set of `test` (seed 0, `evalSize` sequences, in
 * chunks of 16): reads `observe` frames, then its own predictions. Scores only the predicted frames.
 */
export function scoreRollout(net: VideoModel, p: BallsPreset, test: BallsPreset['train']): RolloutScore {
  const data = ballsData(p, test);
  const set = data.evaluationSet({ size: p.evalSize, seed: 0 });
  const predicted = p.frames - p.observe;
  const sums = new Float64Array(predicted);
  let example: number[][] = [];
  let truth: number[][] = [];
  let activity: number[][] | null = null;
  try {
    for (let start = 0; start < p.evalSize; start += 16) {
      const n = Math.min(16, p.evalSize - start);
      tf.tidy(() => {
        const frames = tf.slice(set.frames, [0, start, 0], [-1, n, -1]) as tf.Tensor3D;
        const targets = tf.slice(set.targets, [0, start, 0], [-1, n, -1]) as tf.Tensor3D;
        const r = net.rollout(frames, { observe: p.observe });
        // Step t's output predicts frame t + 1; from step `observe` on the inputs were predictions.
        const probs = tf.slice(r.probs, [p.observe, 0, 0], [predicted, -1, -1]) as tf.Tensor3D;
        const want = tf.slice(targets, [p.observe, 0, 0], [predicted, -1, -1]) as tf.Tensor3D;
        const bce = bcePerFrame(probs, want).dataSync();
        for (let k = 0; k < predicted; k++) sums[k]! += bce[k]! * n;
        if (start === 0) {
          example = tf.squeeze(tf.slice(probs, [0, 0, 0], [-1, 1, -1]), [1]).arraySync() as number[][];
          truth = tf.squeeze(tf.slice(want, [0, 0, 0], [-1, 1, -1]), [1]).arraySync() as number[][];
          if (r.masks) activity = tf.squeeze(tf.slice(r.masks, [0, 0, 0], [-1, 1, -1]), [1]).arraySync() as number[][];
        }
      });
    }
  } finally {
    tf.dispose([set.frames, set.targets]);
  }
  return { test, bce: Array.from(sums, (s) => s / p.evalSize), example, truth, activity };
}
