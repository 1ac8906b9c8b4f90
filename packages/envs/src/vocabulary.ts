import { COLORS } from './constants.js';

/**
 * Every word a mission can use, in a fixed order; id 0 is padding, words count from 1
 * (BabyAI's `Vocabulary`, but closed, so ids never depend on what was seen first).
 */
export const MISSION_WORDS: readonly string[] = [
  'go', 'to', 'pick', 'up', 'open', 'put', 'next', 'get', 'the', 'a', 'green', 'goal', 'square',
  ...COLORS.filter((c) => c !== 'green'),
  'key', 'ball', 'box', 'door',
];

const IDS = new Map(MISSION_WORDS.map((w, i) => [w, i + 1]));

/** Size of the token table including padding (`MISSION_WORDS.length + 1`). */
export const VOCAB_SIZE = MISSION_WORDS.length + 1;

/** Longest mission in tokens ("put the purple ball next to the yellow box" = 9). */
export const MAX_MISSION_TOKENS = 9;

/**
 * A mission's token ids, lower-case `[a-z]+` words, padded with 0 to `length` (an unknown word maps to 0).
 */
export function tokenizeMission(mission: string, length = MAX_MISSION_TOKENS): Int32Array {
  const out = new Int32Array(length);
  const words = mission.toLowerCase().match(/[a-z]+/g) ?? [];
  words.slice(0, length).forEach((w, i) => (out[i] = IDS.get(w) ?? 0));
  return out;
}
