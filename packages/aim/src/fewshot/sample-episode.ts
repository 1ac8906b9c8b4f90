import { ConfigCheck, type Rng } from '@rimjs/core';

/** An N-way K-shot episode as indices into a set of examples and labels in `[0, nWay)`. */
export interface Episode {
  readonly nWay: number;
  /** `[nWay * kShot]` example indices, class-major. */
  readonly support: Int32Array;
  readonly supportLabels: Int32Array;
  /** `[nWay * nQuery]` example indices, class-major. */
  readonly query: Int32Array;
  readonly queryLabels: Int32Array;
}

/**
 * Samples an episode: `nWay` distinct classes, then for each `kShot + nQuery` distinct examples
 * (support first). `byClass[c]` lists the example indices of class `c`.
 *
 * @throws ConfigError when a class has fewer than `kShot + nQuery` examples or `nWay` exceeds the classes.
 * @example
 * const ep = sampleEpisode(new Rng(1), byClass, { nWay: 5, kShot: 1, nQuery: 15 });
 */
export function sampleEpisode(rng: Rng, byClass: readonly (readonly number[])[], { nWay, kShot, nQuery }: { nWay: number; kShot: number; nQuery: number }): Episode {
  const c = new ConfigCheck('sampleEpisode');
  c.integer('nWay', nWay, 1, byClass.length, 'classes').positiveInt('kShot', kShot).integer('nQuery', nQuery, 0);
  c.require(byClass.every((list) => list.length >= kShot + nQuery), 'byClass', () =>
    `every class needs kShot + nQuery = ${kShot + nQuery} examples, the smallest has ${Math.min(...byClass.map((l) => l.length))}`);
  c.throwIfAny();
  const classes = rng.shuffle(byClass.map((_, i) => i)).slice(0, nWay);
  const support = new Int32Array(nWay * kShot);
  const supportLabels = new Int32Array(nWay * kShot);
  const query = new Int32Array(nWay * nQuery);
  const queryLabels = new Int32Array(nWay * nQuery);
  classes.forEach((cls, j) => {
    const picks = rng.shuffle([...byClass[cls]!]).slice(0, kShot + nQuery);
    for (let i = 0; i < kShot; i++) [support[j * kShot + i], supportLabels[j * kShot + i]] = [picks[i]!, j];
    for (let i = 0; i < nQuery; i++) [query[j * nQuery + i], queryLabels[j * nQuery + i]] = [picks[kShot + i]!, j];
  });
  return { nWay, support, supportLabels, query, queryLabels };
}
