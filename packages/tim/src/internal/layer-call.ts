import type * as tf from '@tensorflow/tfjs-core';

/** The per-call inputs of a layer body besides the state. */
export interface LayerCall {
  batch: number;
  time: number;
  /** Additive mask (0 attend, `-Infinity` masked) broadcastable to `[batch, heads, time, time]`, or none. */
  mask: tf.Tensor | undefined;
  training: boolean;
  seed: number | undefined;
}
