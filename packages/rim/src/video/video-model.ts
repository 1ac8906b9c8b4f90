import * as tf from '@tensorflow/tfjs-core';
import { assertShape, ConfigError, Parameters, Rng } from '@rimjs/core';
import { collectTensors, GruCell, LstmCell, unroll, type RecurrentState } from '@rimjs/cells';
import { Rim } from '../rim.js';
import type { RimState } from '../rim-cell.js';
import { FrameCodec } from './frame-codec.js';
import { resolveVideoModelConfig, type ResolvedVideoModelConfig, type VideoForwardOptions, type VideoModelConfig } from './video-model-config.js';

/** What {@link VideoModel.forward} returns; the caller disposes both. */
export interface VideoModelOutput {
  /** Logits of the next frame at every step `[time, batch, side*side]`. */
  logits: tf.Tensor3D;
  /** `rim`: the first layer's active units `[time, batch, numUnits]`; else null. */
  masks: tf.Tensor3D | null;
}

/** What {@link VideoModel.rollout} returns; the caller disposes both. */
export interface VideoRollout {
  /**
   * Probabilities of the next frame at every step `[time, batch, side*side]`. Steps `0..observe-1`
   * read the given frames; from step `observe` on, the input is the model's own prediction of the
   * previous step (no given frame is read past `observe - 1`).
   */
  probs: tf.Tensor3D;
  masks: tf.Tensor3D | null;
}

/** Next-frame prediction over `[time, batch, side*side]` frames: encoder, RIM or LSTM/GRU, decoder. */
export interface VideoModel {
  readonly config: ResolvedVideoModelConfig;
  readonly params: Parameters;
  /** Teacher forcing: every step reads the given frame. */
  forward(frames: tf.Tensor3D, options?: VideoForwardOptions): VideoModelOutput;
  /** Reads `observe` frames, then feeds back its own predictions for the remaining steps. */
  rollout(frames: tf.Tensor3D, options: VideoForwardOptions & { observe: number }): VideoRollout;
  dispose(): void;
}

type Step = { outputs: tf.Tensor3D; state: unknown; masks: tf.Tensor3D | null };

/**
 * The RIM paper's bouncing-balls model (section 4.2, appendix): each frame is encoded by two
 * stride-2 convolutions and a dense layer (`FrameCodec`), a RIM (or an LSTM / GRU of the same total
 * state) carries the sequence, and a decoder (dense, two nearest-neighbour upsamplings with 3x3
 * convolutions) gives the next frame's pixel logits. Train it with teacher forcing
 * (`forward` + `bceWithLogits`); evaluate with `rollout` (the paper: 15 frames in, 35 predicted)
 * and `bcePerFrame`. Parameters: `encoder.*`, `decoder.*`, `rim.*` or `lstm.*` / `gru.*`.
 *
 * @throws ConfigError naming every bad config field.
 * @example
 * const model = createVideoModel({ kind: 'rim', side: 32, seed: 1 });
 * const { logits } = model.forward(frames); // frames [time, batch, 1024] -> [time, batch, 1024]
 */
export function createVideoModel(config: VideoModelConfig): VideoModel {
  const c = resolveVideoModelConfig(config);
  const params = new Parameters(new Rng(c.seed));
  const rim = c.kind === 'rim' ? new Rim(params.scope('rim'), { inputSize: c.featureSize, layers: c.layers }) : null;
  const dense = rim
    ? null
    : c.kind === 'lstm'
      ? new LstmCell(params.scope('lstm'), { inputSize: c.featureSize, hiddenSize: c.hidden })
      : new GruCell(params.scope('gru'), { inputSize: c.featureSize, hiddenSize: c.hidden });
  const stateSize = rim ? rim.outputSize : c.hidden;
  const codec = new FrameCodec(params, { side: c.side, channels: c.channels, featureSize: c.featureSize, stateSize });
  const pixels = c.side * c.side;

  /** Runs the recurrence over `[time, batch, F]` from `state` (null: zeros). */
  const run = (x: tf.Tensor3D, state: unknown, o: VideoForwardOptions): Step => {
    if (rim) {
      const out = rim.forward(x, {
        ...(state ? { initialStates: state as RimState[] } : {}),
        training: o.training ?? false,
        ...(o.seed === undefined ? {} : { seed: o.seed }),
        ...(o.engine ? { engine: o.engine } : {}),
      });
      tf.dispose(out.masks.slice(1));
      return { outputs: out.outputs, state: out.finalStates, masks: out.masks[0]! };
    }
    const r = unroll(dense!, x, (state as RecurrentState | null) ?? dense!.initialState(x.shape[1]), { returnSequences: true });
    return { outputs: r.outputs as tf.Tensor3D, state: r.state, masks: null };
  };
  /** `[time, batch, P]` -> `[time, batch, F]`. */
  const encodeSeq = (frames: tf.Tensor3D): tf.Tensor3D => {
    const [time, batch] = frames.shape;
    return tf.reshape(codec.encode(tf.reshape(frames, [time * batch, pixels])), [time, batch, c.featureSize]);
  };
  /** `[time, batch, S]` -> logits `[time, batch, P]`. */
  const decodeSeq = (states: tf.Tensor3D): tf.Tensor3D => {
    const [time, batch] = states.shape;
    return tf.reshape(codec.decode(tf.reshape(states, [time * batch, stateSize])), [time, batch, pixels]);
  };
  const check = (where: string, frames: tf.Tensor3D): [number, number] => {
    const [time, batch] = assertShape(where, 'frames', frames, [['time', null], ['batch', null], ['side*side', pixels]]);
    return [time!, batch!];
  };
  const needSeed = (where: string, o: VideoForwardOptions): void => {
    if (o.training && o.seed === undefined) throw new ConfigError(`${where}: 'options.seed' is required when training, got undefined`);
  };

  return {
    config: c,
    params,
    forward(frames, options = {}) {
      check('VideoModel.forward', frames);
      needSeed('VideoModel.forward', options);
      return tf.tidy(() => {
        const r = run(encodeSeq(frames), null, options);
        return { logits: decodeSeq(r.outputs), masks: r.masks } as unknown as tf.TensorContainer;
      }) as unknown as VideoModelOutput;
    },
    rollout(frames, options) {
      const [time, batch] = check('VideoModel.rollout', frames);
      needSeed('VideoModel.rollout', options);
      const { observe } = options;
      if (!Number.isInteger(observe) || observe < 1 || observe > time) {
        throw new ConfigError(`VideoModel.rollout: 'observe' must be an integer in [1, time = ${time}], got ${observe}`);
      }
      const seedAt = (t: number): VideoForwardOptions => ({ ...options, ...(options.seed === undefined ? {} : { seed: new Rng(options.seed).child(t).seed() }) });
      const first = tf.tidy(() => {
        const r = run(encodeSeq(tf.slice(frames, [0, 0, 0], [observe, batch, pixels])), null, seedAt(0));
        return { probs: tf.sigmoid(decodeSeq(r.outputs)), state: r.state, masks: r.masks } as unknown as tf.TensorContainer;
      }) as unknown as { probs: tf.Tensor3D; state: unknown; masks: tf.Tensor3D | null };
      const probs: tf.Tensor3D[] = [first.probs];
      const masks: tf.Tensor3D[] = first.masks ? [first.masks] : [];
      let state = first.state;
      const seeded = tf.slice(first.probs, [observe - 1, 0, 0], [1, batch, pixels]) as tf.Tensor3D; // its own prediction of frame `observe`
      let prev = seeded;
      for (let t = observe; t < time; t++) {
        const next = tf.tidy(() => {
          const r = run(encodeSeq(prev), state, seedAt(t));
          return { p: tf.sigmoid(decodeSeq(r.outputs)), state: r.state, masks: r.masks } as unknown as tf.TensorContainer;
        }) as unknown as { p: tf.Tensor3D; state: unknown; masks: tf.Tensor3D | null };
        const keep = collectTensors(next.state);
        for (const s of collectTensors(state)) if (!keep.has(s)) s.dispose();
        state = next.state;
        probs.push(next.p);
        if (next.masks) masks.push(next.masks);
        prev = next.p;
      }
      seeded.dispose();
      tf.dispose([...collectTensors(state)]);
      const out = {
        probs: probs.length === 1 ? probs[0]! : (tf.concat(probs, 0) as tf.Tensor3D),
        masks: masks.length === 0 ? null : masks.length === 1 ? masks[0]! : (tf.concat(masks, 0) as tf.Tensor3D),
      };
      if (probs.length > 1) tf.dispose(probs);
      if (masks.length > 1) tf.dispose(masks);
      return out;
    },
    dispose() {
      params.dispose();
    },
  };
}
