import type * as tf from '@tensorflow/tfjs-core';
import { assertShape, ShapeError } from '@rimjs/core';
import { competitionWinners } from './competition-winners.js';
import { mutualInformation } from './mutual-information.js';

/**
 * TIM's specialization score: the mutual information (bits) between each position's source and
 * its winning mechanism, `I(source; argmax_m competition)`, over every position of the batch
 * (see {@link mutualInformation}). Reads the winners back synchronously.
 *
 * @param source `[batch * time]` labels in row-major `[batch, time]` order (e.g. a dataset's `source`)
 * @param competition `[batch, time, ns]`
 * @returns bits, in `[0, H(source)]`
 * @throws ShapeError when `source` does not have `batch * time` entries.
 * @example
 * const bits = specializationScore(batch.source.data, result.competition[0]);
 */
export function specializationScore(source: ArrayLike<number>, competition: tf.Tensor3D): number {
  const [batch, time] = assertShape('specializationScore', 'competition', competition, [['batch', null], ['time', null], ['ns', null]]);
  if (source.length !== batch! * time!) {
    throw new ShapeError(`specializationScore: 'source' must have batch * time = ${batch! * time!} labels, got ${source.length}`);
  }
  const w = competitionWinners(competition);
  const winners = w.dataSync();
  w.dispose();
  return mutualInformation(source, winners);
}
