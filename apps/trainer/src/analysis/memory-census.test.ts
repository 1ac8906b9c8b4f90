import { describe, expect, it } from 'vitest';
import { ConfigError } from '@rimjs/core';
import { CENSUS_GROUPS, sequenceMemory, summarizeCensus } from './memory-census.js';

// n = 3 symbols at steps 0..2, delay 8: blanks at steps 3..9, the marker at 10, time 14.
// The gap's second half: steps 3 + floor(7 / 2) = 6 to 9.
const n = 3;
const delay = 8;
const time = delay + 2 * n;

/** A mask from one string per unit, one character per step ('1' active). */
const maskOf = (units: string[]) => {
  units.forEach((row) => expect(row).toHaveLength(time));
  return (t: number, u: number): boolean => units[u]![t] === '1';
};

describe('sequenceMemory', () => {
  it('finds the units asleep through the second half of the gap and whether they read every symbol', () => {
    const formed = maskOf([
      //        symbols | gap 3..9 | marker 10 | output 11..13
      '11111111111111', // always active
      '10011100001111', // reads symbol 0, active at 4-5 (first half), asleep 6-9: a sleeper
      '01100000000111', // reads symbols 1 and 2, asleep through the gap: a sleeper
      '00000000011111', // active at step 9 (the gap's last blank): not a sleeper
    ]);
    expect(sequenceMemory(formed, n, delay, 4)).toEqual({ sleepers: [1, 2], formed: true });

    const missed = maskOf([
      '11111111111111',
      '01100000000111', // the only sleeper misses symbol 0
      '10011111111111',
      '10011111111111',
    ]);
    expect(sequenceMemory(missed, n, delay, 4)).toEqual({ sleepers: [1], formed: false });

    const allActive = maskOf(['11111111111111', '11111111111111']);
    expect(sequenceMemory(allActive, n, delay, 2)).toEqual({ sleepers: [], formed: false });
  });

  it('names a bad argument', () => {
    const any = (): boolean => true;
    expect(() => sequenceMemory(any, n, 1, 4)).toThrow(ConfigError);
    expect(() => sequenceMemory(any, n, 1, 4)).toThrow("'delay' must be an integer >= 2 (a gap of at least one blank), got 1");
    expect(() => sequenceMemory(any, 0, delay, 4)).toThrow("'numSymbols' must be a positive integer, got 0");
    expect(() => sequenceMemory(any, n, delay, 2.5)).toThrow("'units' must be a positive integer, got 2.5");
  });
});

describe('summarizeCensus', () => {
  it('gives the share formed, the accuracy there and elsewhere, and the commonest sleeping sets', () => {
    const records = [
      { sleepers: [3, 4], formed: true, copied: 3 },
      { sleepers: [3, 4], formed: true, copied: 3 },
      { sleepers: [3, 4], formed: true, copied: 2 },
      { sleepers: [4, 5], formed: false, copied: 1 },
      { sleepers: [4, 5], formed: true, copied: 3 },
      { sleepers: [], formed: false, copied: 0 },
    ];
    const c = summarizeCensus(80, 3, records);
    expect(c.delay).toBe(80);
    expect(c.sequences).toBe(6);
    expect(c.formed).toBeCloseTo(4 / 6, 12);
    expect(c.accuracyFormed).toBeCloseTo(11 / 12, 12);
    expect(c.accuracyOther).toBeCloseTo(1 / 6, 12);
    expect(c.groups).toEqual([
      { sleepers: [3, 4], share: 0.5, formed: 1, accuracy: 8 / 9 },
      { sleepers: [4, 5], share: 2 / 6, formed: 0.5, accuracy: 4 / 6 },
      { sleepers: [], share: 1 / 6, formed: 0, accuracy: 0 },
    ]);
  });

  it('gives null accuracies for an empty side and keeps the commonest sets only', () => {
    const records = Array.from({ length: 10 }, (_, i) => ({ sleepers: [i % 6], formed: false, copied: 1 }));
    const c = summarizeCensus(20, 2, records);
    expect(c.accuracyFormed).toBeNull();
    expect(c.accuracyOther).toBe(0.5);
    expect(c.groups).toHaveLength(CENSUS_GROUPS);
    // sets 0..3 hold 2 sequences each, 4 and 5 one: the ties keep their order by name
    expect(c.groups.map((g) => g.sleepers)).toEqual([[0], [1], [2], [3]]);
  });

  it('refuses an empty set and an impossible count', () => {
    expect(() => summarizeCensus(20, 3, [])).toThrow('summarizeCensus: no sequences');
    expect(() => summarizeCensus(20, 3, [{ sleepers: [], formed: false, copied: 4 }])).toThrow("'copied' must be an integer in [0, 3], got 4");
  });
});
