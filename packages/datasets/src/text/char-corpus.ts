import { ConfigCheck, Rng, assertKnownKeys } from '@rimjs/core';
import { DatasetError } from '../dataset-error.js';

/** Configuration of {@link CharCorpus}; every field is optional. */
export interface CharCorpusConfig {
  /** Fractions of the characters for train / validation / test, contiguous in that order. Default `[0.9, 0.05, 0.05]`. */
  readonly split?: readonly [number, number, number];
  /** Removed from the start of every line before anything else (e.g. a verse reference `Ge1:1 `). Default none. */
  readonly stripLinePrefix?: RegExp;
}

/** One split of a {@link CharCorpus}. */
export type CorpusSplit = 'train' | 'valid' | 'test';

/** A batch of character windows: `inputs[b, t]` is followed by `targets[b, t]`. */
export interface CharBatch {
  readonly inputs: Int32Array; // [batch, seqLen] row-major
  readonly targets: Int32Array; // [batch, seqLen] row-major
  readonly shape: readonly [number, number];
}

/**
 * A character-level text corpus: vocabulary (the sorted distinct characters), the text as ids,
 * a contiguous train / validation / test split, seeded random training windows and contiguous
 * evaluation windows. Dimensions: `batch`, `seqLen`.
 *
 * @example
 * const corpus = CharCorpus.fromText('hello world, hello moon', { split: [0.8, 0.1, 0.1] });
 * const b = corpus.batchAt('train', 0, 2, 4, 1); // inputs, targets [2, 4]
 */
export class CharCorpus {
  /** The characters, id order. */
  readonly vocab: readonly string[];
  readonly splits: Readonly<Record<CorpusSplit, Int32Array>>;
  private readonly index: Map<string, number>;

  private constructor(text: string, split: readonly [number, number, number]) {
    this.vocab = [...new Set(text)].sort();
    this.index = new Map(this.vocab.map((c, i) => [c, i]));
    const ids = this.encode(text);
    const a = Math.floor(ids.length * split[0]);
    const b = a + Math.floor(ids.length * split[1]);
    this.splits = { train: ids.subarray(0, a), valid: ids.subarray(a, b), test: ids.subarray(b) };
  }

  /**
   * @throws ConfigError naming each bad field; DatasetError when a split is too short to hold a window.
   */
  static fromText(text: string, config: CharCorpusConfig = {}): CharCorpus {
    assertKnownKeys('CharCorpusConfig', config, ['split', 'stripLinePrefix']);
    const split = config.split ?? [0.9, 0.05, 0.05];
    const c = new ConfigCheck('CharCorpusConfig');
    c.require(
      Array.isArray(split) && split.length === 3 && split.every((f) => typeof f === 'number' && f > 0) && Math.abs(split[0] + split[1] + split[2] - 1) < 1e-9,
      'split',
      () => `must be three positive fractions summing to 1, got ${JSON.stringify(split)}`,
    );
    c.require(config.stripLinePrefix === undefined || config.stripLinePrefix instanceof RegExp, 'stripLinePrefix', () => 'must be a RegExp');
    c.throwIfAny();
    const prefix = config.stripLinePrefix;
    const clean = prefix ? text.split('\n').map((l) => l.replace(prefix, '')).join('\n') : text;
    return new CharCorpus(clean, split);
  }

  /** Number of distinct characters. */
  get vocabSize(): number {
    return this.vocab.length;
  }

  /** Ids of `text`. @throws DatasetError for a character outside the vocabulary. */
  encode(text: string): Int32Array {
    const out = new Int32Array(text.length);
    for (let i = 0; i < text.length; i++) {
      const id = this.index.get(text[i]!);
      if (id === undefined) throw new DatasetError(`CharCorpus.encode: character ${JSON.stringify(text[i])} is not in the vocabulary`);
      out[i] = id;
    }
    return out;
  }

  /** The text of `ids`. */
  decode(ids: ArrayLike<number>): string {
    return Array.from(ids, (i) => this.vocab[i] ?? '?').join('');
  }

  private check(where: string, split: CorpusSplit, batchSize: number, seqLen: number): Int32Array {
    const c = new ConfigCheck(where);
    c.oneOf('split', split, ['train', 'valid', 'test']);
    c.positiveInt('batchSize', batchSize);
    c.positiveInt('seqLen', seqLen);
    c.throwIfAny();
    const ids = this.splits[split];
    if (ids.length < seqLen + 1) throw new DatasetError(`${where}: split '${split}' has ${ids.length} characters, a window needs seqLen + 1 = ${seqLen + 1}`);
    return ids;
  }

  /**
   * Training batch `step`: `batchSize` windows at random offsets, a pure function of
   * `(split, step, batchSize, seqLen, seed)`, so a resumed run sees the same batches.
   * @throws ConfigError for bad arguments; DatasetError when the split is shorter than a window.
   */
  batchAt(split: CorpusSplit, step: number, batchSize: number, seqLen: number, seed: number | string): CharBatch {
    const ids = this.check('CharCorpus.batchAt', split, batchSize, seqLen);
    const rng = new Rng(seed).child(`${split}-${step}`);
    const inputs = new Int32Array(batchSize * seqLen);
    const targets = new Int32Array(batchSize * seqLen);
    for (let b = 0; b < batchSize; b++) {
      const start = rng.int(ids.length - seqLen);
      inputs.set(ids.subarray(start, start + seqLen), b * seqLen);
      targets.set(ids.subarray(start + 1, start + seqLen + 1), b * seqLen);
    }
    return { inputs, targets, shape: [batchSize, seqLen] };
  }

  /**
   * Contiguous non-overlapping windows of a split from its start (at most `maxWindows`), for
   * evaluation: every character of the covered prefix is predicted once.
   */
  windows(split: CorpusSplit, seqLen: number, maxWindows = Infinity): CharBatch {
    const ids = this.check('CharCorpus.windows', split, 1, seqLen);
    const count = Math.min(maxWindows, Math.floor((ids.length - 1) / seqLen));
    const inputs = ids.slice(0, count * seqLen);
    const targets = ids.slice(1, count * seqLen + 1);
    return { inputs, targets, shape: [count, seqLen] };
  }
}

/**
 * Reads a UTF-8 text file into a {@link CharCorpus} (Node only).
 * @throws DatasetError naming the path (and `hint`, e.g. the command that makes the file) when it
 *   cannot be read or is empty.
 */
export async function loadCharCorpus(path: string, config: CharCorpusConfig = {}, hint = ''): Promise<CharCorpus> {
  const { readFile } = await import('node:fs/promises');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new DatasetError(`loadCharCorpus: cannot read '${path}' (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})${hint ? `; ${hint}` : ''}`, path);
  }
  if (text.length === 0) throw new DatasetError(`loadCharCorpus: '${path}' is empty${hint ? `; ${hint}` : ''}`, path);
  return CharCorpus.fromText(text, config);
}
