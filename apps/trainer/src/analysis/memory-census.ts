import { ConfigError } from '@rimjs/core';

/**
 * The memory census of a RIM on the copying task: for each test sequence, did the mechanism the
 * paper credits form? That is: every symbol was read by a unit (active at the symbol's step) that
 * then slept through the gap, so the symbol is held in a state nothing changes. The heat map shows
 * it for one example; the census counts it over a whole evaluation set and sets the copy accuracy
 * where it formed beside the accuracy where it did not.
 *
 * "Slept through the gap" is read on the gap's second half (steps `n + floor((T - 1) / 2)` to
 * `n + T - 2`, the blanks before the marker): at 4x the training delay that is twice the training
 * gap, longer than an active unit ever had to hold a symbol in training.
 */

/** One sequence of the census: who slept, whether the mechanism formed, how much was copied. */
export interface SequenceMemory {
  /** Units inactive at every step of the gap's second half, ascending. */
  sleepers: number[];
  /** Every symbol was read by a sleeper (and there is one). */
  formed: boolean;
}

/** A group of sequences with the same sleeping units. */
export interface SleeperGroup {
  /** The sleeping units, ascending (empty: none slept). */
  sleepers: number[];
  /** Fraction of the set's sequences in this group. */
  share: number;
  /** Fraction of the group's sequences where the mechanism formed. */
  formed: number;
  /** Per-symbol copy accuracy in the group. */
  accuracy: number;
}

/** The census of one evaluation set (one delay). */
export interface MemoryCensus {
  /** The set's delay `T`. */
  delay: number;
  sequences: number;
  /** Fraction of sequences where the mechanism formed. */
  formed: number;
  /** Per-symbol copy accuracy where it formed, and where it did not (null: no such sequence). */
  accuracyFormed: number | null;
  accuracyOther: number | null;
  /** The commonest sleeping sets, most sequences first (at most {@link CENSUS_GROUPS}). */
  groups: SleeperGroup[];
}

/** Sleeping sets a census keeps. */
export const CENSUS_GROUPS = 4;

/**
 * The census entry of one sequence from its active mask.
 *
 * @param active `active(t, u)`: unit `u` was active at step `t` (time = `delay + 2 * numSymbols`).
 * @throws ConfigError when `delay` < 2 (no gap) or the sizes are not positive integers.
 */
export function sequenceMemory(active: (t: number, u: number) => boolean, numSymbols: number, delay: number, units: number): SequenceMemory {
  if (!Number.isInteger(delay) || delay < 2) throw new ConfigError(`sequenceMemory: 'delay' must be an integer >= 2 (a gap of at least one blank), got ${delay}`);
  if (!Number.isInteger(numSymbols) || numSymbols < 1) throw new ConfigError(`sequenceMemory: 'numSymbols' must be a positive integer, got ${numSymbols}`);
  if (!Number.isInteger(units) || units < 1) throw new ConfigError(`sequenceMemory: 'units' must be a positive integer, got ${units}`);
  const gapEnd = numSymbols + delay - 1; // the marker's step
  const from = numSymbols + Math.floor((delay - 1) / 2);
  const sleepers: number[] = [];
  for (let u = 0; u < units; u++) {
    let asleep = true;
    for (let t = from; t < gapEnd && asleep; t++) asleep = !active(t, u);
    if (asleep) sleepers.push(u);
  }
  let formed = sleepers.length > 0;
  for (let j = 0; j < numSymbols && formed; j++) formed = sleepers.some((u) => active(j, u));
  return { sleepers, formed };
}

/**
 * Sums the sequences of one set into its census.
 *
 * @param records per sequence: its {@link SequenceMemory} and how many of its `numSymbols` symbols were copied.
 * @throws ConfigError when there are no records or a count is out of range.
 */
export function summarizeCensus(delay: number, numSymbols: number, records: ReadonlyArray<SequenceMemory & { copied: number }>): MemoryCensus {
  if (records.length === 0) throw new ConfigError('summarizeCensus: no sequences');
  const accuracy = (rs: ReadonlyArray<{ copied: number }>): number | null =>
    rs.length === 0 ? null : rs.reduce((s, r) => s + r.copied, 0) / (rs.length * numSymbols);
  const byKey = new Map<string, Array<SequenceMemory & { copied: number }>>();
  for (const r of records) {
    if (!Number.isInteger(r.copied) || r.copied < 0 || r.copied > numSymbols) {
      throw new ConfigError(`summarizeCensus: 'copied' must be an integer in [0, ${numSymbols}], got ${r.copied}`);
    }
    const key = r.sleepers.join(',');
    byKey.set(key, [...(byKey.get(key) ?? []), r]);
  }
  const groups = [...byKey.values()]
    .sort((a, b) => b.length - a.length || a[0]!.sleepers.join(',').localeCompare(b[0]!.sleepers.join(',')))
    .slice(0, CENSUS_GROUPS)
    .map((rs) => ({
      sleepers: rs[0]!.sleepers,
      share: rs.length / records.length,
      formed: rs.filter((r) => r.formed).length / rs.length,
      accuracy: accuracy(rs)!,
    }));
  const formed = records.filter((r) => r.formed);
  return {
    delay,
    sequences: records.length,
    formed: formed.length / records.length,
    accuracyFormed: accuracy(formed),
    accuracyOther: accuracy(records.filter((r) => !r.formed)),
    groups,
  };
}
