import * as tf from '@tensorflow/tfjs-core';
import { clippedStep, type Parameters } from '@rimjs/core';
import { bouncingBalls, type BouncingBalls } from '@rimjs/datasets';
import { bceWithLogits, bcePerFrame, createVideoModel, type VideoModel } from '@rimjs/rim';
import type { PlaygroundConfig } from './playground-config.js';
import type { PlaygroundModel, TaskRun } from './task-run.js';

/** The playground's bouncing balls: 16 x 16 frames of 4 balls, 12 steps, 5 observed then 7 predicted. */
export const BALLS = { side: 16, frames: 12, observe: 5, batch: 8 } as const;

/** One rollout seen through the model: truth and prediction of the predicted frames, and unit activity. */
export interface RolloutView {
  /** `[predicted frame][pixel]` ground truth. */
  truth: number[][];
  /** `[predicted frame][pixel]` predicted probabilities. */
  predicted: number[][];
  /** RIM: `[step][unit]` active units over the whole rollout; LSTM: null. */
  active: number[][] | null;
}

/**
 * One model learning next-frame prediction on bouncing balls (`@rimjs/rim`'s `createVideoModel`,
 * teacher forcing, BCE), on the same seeded batches as its rival; scored by rolling out fixed
 * sequences (5 frames read, then its own predictions). RIM: `units x hidden`, top `topK`; LSTM:
 * `units * hidden`.
 */
export class VideoRun implements TaskRun {
  readonly task = 'balls' as const;
  readonly kind: PlaygroundModel;
  readonly config: PlaygroundConfig;
  readonly model: VideoModel;
  steps = 0;
  private readonly data: BouncingBalls;
  private readonly optimizer: tf.AdamOptimizer;
  private readonly probe: { frames: tf.Tensor3D; targets: tf.Tensor3D };

  constructor(kind: PlaygroundModel, config: PlaygroundConfig) {
    this.kind = kind;
    this.config = config;
    const common = { side: BALLS.side, channels: [8, 16] as const, featureSize: 64, seed: config.seed };
    this.model = createVideoModel(
      kind === 'rim'
        ? { kind: 'rim', ...common, layers: [{ numUnits: config.units, topK: config.topK, hidden: config.hidden }] }
        : { kind: 'lstm', ...common, hidden: config.units * config.hidden },
    );
    this.data = bouncingBalls('balls4', { side: BALLS.side, frames: BALLS.frames });
    this.optimizer = tf.train.adam(config.lr, 0.9, 0.999, 1e-8);
    this.probe = this.data.evaluationSet({ size: 16, seed: 0 });
  }

  get params(): Parameters {
    return this.model.params;
  }

  step(): number {
    const b = this.data.toTensors(this.data.batchAt(this.steps, BALLS.batch, this.config.seed));
    try {
      const lossFn = (): tf.Scalar => {
        const out = this.model.forward(b.frames);
        out.masks?.dispose();
        return bceWithLogits(out.logits, b.targets);
      };
      const v = clippedStep(this.optimizer, lossFn, this.model.params.trainable(), 1);
      this.steps += 1;
      return v;
    } finally {
      tf.dispose([b.frames, b.targets]);
    }
  }

  /** Mean rollout BCE over the predicted frames of 16 fixed sequences (nats per frame; lower is better). */
  score(): { value: number; label: string } {
    const value = tf.tidy(() => {
      const r = this.model.rollout(this.probe.frames, { observe: BALLS.observe });
      const n = BALLS.frames - BALLS.observe;
      const bce = bcePerFrame(tf.slice(r.probs, [BALLS.observe, 0, 0], [n, -1, -1]), tf.slice(this.probe.targets, [BALLS.observe, 0, 0], [n, -1, -1]));
      return tf.mean(bce).dataSync()[0]!;
    });
    return { value, label: 'rollout BCE per frame' };
  }

  /** The first probe sequence rolled out. */
  view(): RolloutView {
    let view: RolloutView | null = null;
    tf.tidy(() => {
      const x = tf.slice(this.probe.frames, [0, 0, 0], [-1, 1, -1]) as tf.Tensor3D;
      const r = this.model.rollout(x, { observe: BALLS.observe });
      const n = BALLS.frames - BALLS.observe;
      const rows = (t: tf.Tensor) => tf.squeeze(tf.slice(t, [BALLS.observe, 0, 0], [n, 1, -1]), [1]).arraySync() as number[][];
      view = {
        truth: rows(this.probe.targets),
        predicted: rows(r.probs).map((f) => f.map((v) => Math.round(v * 100) / 100)),
        active: r.masks ? (tf.squeeze(r.masks, [1]).arraySync() as number[][]) : null,
      };
    });
    return view!;
  }

  dispose(): void {
    this.model.dispose();
    this.optimizer.dispose();
    tf.dispose([this.probe.frames, this.probe.targets]);
  }
}
