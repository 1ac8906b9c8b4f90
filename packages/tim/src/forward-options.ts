import type * as tf from '@tensorflow/tfjs-core';

/**
 * Options of every forward pass of this package ({@link TimLayer.forward},
 * {@link TransformerLayer.forward}, {@link TimEncoder.forward}).
 */
export interface ForwardOptions {
  /**
   * Padding mask `[batch, time]`, bool or 0/1 (any dtype): true/non-zero marks a real position.
   * Padded positions are never attended to (as keys); their own outputs are computed but
   * meaningless. A query with no key left (e.g. position 0 padded under `causal`) gets a zero
   * attention output, never NaN.
   */
  mask?: tf.Tensor2D;
  /** Whether position `t` may attend only to positions `<= t` (autoregressive models). Default `false`. */
  causal?: boolean;
  /** Whether dropout is active. Default `false`. */
  training?: boolean;
  /**
   * Non-zero integer seed of the dropout masks; required when `training` with any dropout rate
   * `> 0`. Each dropout site and each layer derives its own sub-seed (`Rng(seed).child(label)`),
   * so the same seed gives the same masks and no two sites share one.
   */
  seed?: number;
}
