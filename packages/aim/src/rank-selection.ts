import * as tf from '@tensorflow/tfjs-core';
import { assertShape, ConfigCheck, type Rng } from '@rimjs/core';

/**
 * The stochastic selection of the official code for training: rank every example's mechanisms by
 * score, keep the top `candidates`, then keep the rank **positions** listed in `positions`
 * (shared by the whole batch), e.g. 8 of the top 10 in few-shot training, 10 of the top 12 in
 * continual meta-training. Draw `positions` with {@link sampleRankPositions}.
 */
export interface StochasticSelection {
  /** How many top-ranked mechanisms are candidates, c (in `[topK, numUnits]`). */
  candidates: number;
  /** `topK` distinct rank positions in `[0, candidates)`. */
  positions: readonly number[];
}

/**
 * Draws `topK` distinct rank positions in `[0, candidates)` uniformly without replacement, as the
 * official `default_rng().choice(mech_choice, size=topk, replace=False)`.
 *
 * @throws ConfigError when `topK` is not an integer in `[1, candidates]`.
 * @example
 * sampleRankPositions(new Rng(1), 10, 8); // e.g. [3, 0, 7, 9, 1, 5, 2, 6]
 */
export function sampleRankPositions(rng: Rng, candidates: number, topK: number): number[] {
  new ConfigCheck('sampleRankPositions')
    .positiveInt('candidates', candidates)
    .integer('topK', topK, 1, candidates, 'candidates')
    .throwIfAny();
  return rng.shuffle(Array.from({ length: candidates }, (_, i) => i)).slice(0, topK);
}

/**
 * A 0/1 mask marking, in each row, the mechanisms at the given rank positions of `scores`
 * (rank 0 = largest score; ties: the lower index ranks first, as `topKMask`). No gradient.
 *
 * @param scores `[batch, units]`
 * @returns float32 `[batch, units]`, `positions.length` ones per row
 * @throws ShapeError when `scores` is not rank 2.
 * @throws ConfigError when `candidates` or `positions` are invalid.
 * @example
 * rankPositionMask(tf.tensor2d([[0.1, 0.9, 0.5, 0.7]]), { candidates: 3, positions: [0, 2] }); // [[0, 1, 1, 0]]
 */
export function rankPositionMask(scores: tf.Tensor2D, selection: StochasticSelection): tf.Tensor2D {
  const where = 'rankPositionMask';
  const [, units] = assertShape(where, 'scores', scores, [['batch', null], ['units', null]]) as [number, number];
  checkStochasticSelection(where, selection, selection.positions.length, units);
  const positions = selection.positions;
  const f = tf.customGrad(((s: tf.Tensor) => ({
    value: tf.tidy(() => {
      const { indices } = tf.topk(s, selection.candidates); // [batch, candidates]
      const picked = tf.gather(indices, tf.tensor1d(positions as number[], 'int32'), 1); // [batch, k]
      return tf.sum(tf.cast(tf.oneHot(picked, units), 'float32'), 1); // [batch, units]
    }),
    gradFunc: () => tf.zerosLike(s),
  })) as unknown as Parameters<typeof tf.customGrad>[0]);
  return f(scores) as tf.Tensor2D;
}

/** @throws ConfigError naming `selection.candidates` or `selection.positions`. */
export function checkStochasticSelection(where: string, selection: StochasticSelection, topK: number, units: number): void {
  const { candidates, positions } = selection;
  const c = new ConfigCheck(`${where}: stochastic`);
  c.integer('candidates', candidates, topK, units, 'numUnits');
  const okList = Array.isArray(positions) && positions.length === topK &&
    positions.every((p) => Number.isInteger(p) && p >= 0 && p < candidates) && new Set(positions).size === positions.length;
  c.require(okList, 'positions', () =>
    `must be topK = ${topK} distinct integers in [0, candidates = ${candidates}), got ${JSON.stringify(positions)}`);
  c.throwIfAny();
}
