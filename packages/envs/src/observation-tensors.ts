import * as tf from '@tensorflow/tfjs-core';
import { CELL_CHANNELS, VIEW_SIZE } from './constants.js';
import type { VecObservation } from './vec-grid-env.js';
import { MAX_MISSION_TOKENS } from './vocabulary.js';

/**
 * A batch of observations as int32 tensors, owned by the caller (`tf.dispose(result)`).
 *
 * @returns `image` `[numEnvs, 7, 7, 3]` (each row `[x][y][channel]`) and `missionTokens` `[numEnvs, MAX_MISSION_TOKENS]`
 * @example
 * const t = observationTensors(envs.reset().observation);
 * tf.dispose(t);
 */
export function observationTensors(obs: VecObservation): { image: tf.Tensor4D; missionTokens: tf.Tensor2D } {
  const n = obs.direction.length;
  return {
    image: tf.tensor4d(Int32Array.from(obs.image), [n, VIEW_SIZE, VIEW_SIZE, CELL_CHANNELS], 'int32'),
    missionTokens: tf.tensor2d(obs.missionTokens, [n, MAX_MISSION_TOKENS], 'int32'),
  };
}
