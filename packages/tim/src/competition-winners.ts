import * as tf from '@tensorflow/tfjs-core';
import { assertShape } from '@rimjs/core';

/**
 * The winning mechanism of each position: `argmax_m competition[b, t, m]` (ties to the lower index).
 *
 * @param competition `[batch, time, ns]` (a {@link TimLayerResult.competition})
 * @returns int32 `[batch, time]`, a new tensor the caller disposes
 * @throws ShapeError when `competition` is not rank 3.
 * @example
 * const winners = competitionWinners(result.competition[0]); // [batch, time]
 */
export function competitionWinners(competition: tf.Tensor3D): tf.Tensor2D {
  assertShape('competitionWinners', 'competition', competition, [['batch', null], ['time', null], ['ns', null]]);
  return tf.tidy(() => tf.argMax(competition, -1) as tf.Tensor2D); // [batch, time]
}
