import type * as tf from '@tensorflow/tfjs-core';
import { ConfigCheck, Rng, assertKnownKeys } from '@rimjs/core';
import type { HostBatch, TensorSpec } from '../dataset.js';
import { GeneratedDataset } from '../generated-dataset.js';

/** Configuration of {@link TwoSourceMarkov}; every field is optional. */
export interface TwoSourceMarkovConfig {
  /** Positions per sequence. Default 64. */
  readonly time?: number;
  /** States (tokens) of each source's chain, an integer >= 2. Default 8. */
  readonly vocabSize?: number;
  /** Tokens each source shares with the next one, in `[0, vocabSize]`: 0 (default) gives disjoint vocabularies. */
  readonly overlap?: number;
  /**
   * Number of sources (interleaved chains), an integer >= 2. Default 2. With more, a switch goes
   * to one of the other sources uniformly.
   */
  readonly sources?: number;
  /** Successors each state can go to, in `[1, vocabSize]`. Default 2 (each step carries at most 1 bit). */
  readonly branching?: number;
  /** Probability that the source switches before each position after the first, in `[0, 1]`. Default 0.1. */
  readonly switchProbability?: number;
  /** Seed of the transition matrices (fixed per dataset; batches vary with the stream seed). Default 0. */
  readonly chainSeed?: number | string;
  /** Examples per epoch of `batches()`. Default 10000. */
  readonly size?: number;
  /** Examples of `evaluationSet()` when no size is given. Default 512. */
  readonly evaluationSize?: number;
}

/** {@link TwoSourceMarkovConfig} with every default filled in. */
export type ResolvedTwoSourceMarkovConfig = Required<TwoSourceMarkovConfig>;

/** The defaults of {@link TwoSourceMarkovConfig}, in one place. */
export const TWO_SOURCE_MARKOV_DEFAULTS: ResolvedTwoSourceMarkovConfig = {
  time: 64,
  vocabSize: 8,
  overlap: 0,
  sources: 2,
  branching: 2,
  switchProbability: 0.1,
  chainSeed: 0,
  size: 10_000,
  evaluationSize: 512,
};

/** A two-source Markov batch as tensors, **batch-major** (as TIM and Transformers take them). */
export type TwoSourceMarkovBatch = {
  /** `[batch, time]` int32 token ids in `[0, vocab)`. */
  readonly tokens: tf.Tensor2D;
  /** `[batch, time]` int32: the next token, `targets[b, t] = tokens[b, t + 1]` (and one more at the end). */
  readonly targets: tf.Tensor2D;
  /** `[batch, time]` int32: which source (`0 .. sources - 1`) emitted `tokens[b, t]`. */
  readonly source: tf.Tensor2D;
};

type Names = 'tokens' | 'targets' | 'source';

/** A random transition matrix `[v, v]`: each row has `branching` successors with Dirichlet(1) weights. */
function randomChain(rng: Rng, v: number, branching: number): Float64Array {
  const p = new Float64Array(v * v); // [v, v]
  for (let s = 0; s < v; s++) {
    const next = rng.shuffle(Array.from({ length: v }, (_, i) => i)).slice(0, branching);
    const w = next.map(() => -Math.log(1 - rng.float())); // exponential draws -> Dirichlet(1) after normalising
    const total = w.reduce((a, b) => a + b, 0);
    next.forEach((n, i) => (p[s * v + n] = w[i]! / total));
  }
  return p;
}

/**
 * A sequence that interleaves two (or `sources`) independent Markov chains (sources), for measuring
 * whether mechanisms specialise on sources (TIM paper, Sec. 5). Dimensions `batch`, `time`;
 * vocabulary `vocab = sources * vocabSize - (sources - 1) * overlap`.
 *
 * - Source `k` is a Markov chain over its own states `0..vocabSize-1` with transition matrix
 *   `transitions[k]` (`[vocabSize, vocabSize]`, each row with `branching` non-zero entries), drawn
 *   once from `chainSeed`. Source `k` emits token `k * (vocabSize - overlap) + s` (so source `k`
 *   shares `overlap` tokens with source `k + 1`; with two sources, source 1 emits `vocabSize - overlap + s`).
 * - The active source starts uniformly at random and, before each later position, switches with
 *   probability `switchProbability` to one of the other sources, uniformly (a Markov switching
 *   process; mean run length `1 / switchProbability`).
 * - Each chain starts at a uniformly random state and advances only when it emits, so it resumes
 *   where it left off after the other source's run: the sources are independent processes, only
 *   interleaved.
 *
 * Each sequence draws `time + 1` tokens: `tokens` are the first `time`, `targets` the last `time`
 * (the next token), `source` the emitter of each `tokens` entry. With the defaults: `time` 64,
 * vocab 16 (0..7 source 0, 8..15 source 1), branching 2, switch probability 0.1.
 *
 * @example
 * const task = new TwoSourceMarkov();
 * const { tokens, targets, source } = task.batchAt(0, 32, 1); // Int32Array [32 * 64] each, batch-major
 * @throws ConfigError (constructor) naming every invalid field.
 */
export class TwoSourceMarkov extends GeneratedDataset<Names, TwoSourceMarkovBatch> {
  readonly config: ResolvedTwoSourceMarkovConfig;
  readonly name: string;
  readonly size: number;
  readonly evaluationSize: number;
  /** Positions per sequence. */
  readonly time: number;
  /** Token ids in use: `sources * vocabSize - (sources - 1) * overlap`. */
  readonly vocab: number;
  /** The transition matrix of each source, `[vocabSize, vocabSize]` row-major each, over the source's own states. */
  readonly transitions: readonly [Float64Array, Float64Array, ...Float64Array[]];
  readonly shapes: { readonly [name in Names]: TensorSpec };

  constructor(config: TwoSourceMarkovConfig = {}) {
    super();
    assertKnownKeys('TwoSourceMarkovConfig', config, Object.keys(TWO_SOURCE_MARKOV_DEFAULTS));
    const cfg = { ...TWO_SOURCE_MARKOV_DEFAULTS, ...config };
    const c = new ConfigCheck('TwoSourceMarkovConfig');
    c.positiveInt('time', cfg.time);
    c.integer('vocabSize', cfg.vocabSize, 2);
    const v = Number.isInteger(cfg.vocabSize) && cfg.vocabSize >= 2 ? cfg.vocabSize : Infinity;
    c.integer('overlap', cfg.overlap, 0, v, 'vocabSize');
    c.integer('branching', cfg.branching, 1, v, 'vocabSize');
    c.integer('sources', cfg.sources, 2);
    c.number('switchProbability', cfg.switchProbability, 0, 1);
    c.require(
      (typeof cfg.chainSeed === 'number' && Number.isSafeInteger(cfg.chainSeed)) || typeof cfg.chainSeed === 'string',
      'chainSeed',
      () => `must be a safe integer or a string, got ${JSON.stringify(cfg.chainSeed)}`,
    );
    c.positiveInt('size', cfg.size);
    c.positiveInt('evaluationSize', cfg.evaluationSize);
    c.throwIfAny();
    this.config = cfg;
    this.name = `markov${cfg.sources}-v${cfg.vocabSize}-o${cfg.overlap}-T${cfg.time}`;
    this.size = cfg.size;
    this.evaluationSize = cfg.evaluationSize;
    this.time = cfg.time;
    this.vocab = cfg.sources * cfg.vocabSize - (cfg.sources - 1) * cfg.overlap;
    const chains = new Rng(cfg.chainSeed);
    const chain = (k: number) => randomChain(chains.child(`chain${k}`), cfg.vocabSize, cfg.branching);
    this.transitions = [chain(0), chain(1), ...Array.from({ length: cfg.sources - 2 }, (_, i) => chain(i + 2))];
    const dims = [['batch', null], ['time', cfg.time]] as const;
    this.shapes = { tokens: { dims, dtype: 'int32' }, targets: { dims, dtype: 'int32' }, source: { dims, dtype: 'int32' } };
  }

  /** The token id of state `state` of source `source` (`0 .. sources - 1`). */
  tokenOf(source: number, state: number): number {
    return source * (this.config.vocabSize - this.config.overlap) + state;
  }

  protected generate(rng: Rng, batch: number): HostBatch<Names> {
    const { vocabSize: v, switchProbability: p, sources } = this.config;
    const time = this.time;
    const tokens = new Int32Array(batch * time); // [batch, time]
    const targets = new Int32Array(batch * time); // [batch, time]
    const source = new Int32Array(batch * time); // [batch, time]
    for (let b = 0; b < batch; b++) {
      const state = Array.from({ length: sources }, () => rng.int(v));
      let k = rng.int(sources);
      for (let i = 0; i <= time; i++) {
        // a switch goes to another source uniformly (with two, the other one: no extra draw)
        if (i > 0 && rng.float() < p) k = sources === 2 ? 1 - k : (k + 1 + rng.int(sources - 1)) % sources;
        // chain k emits: its next state from row state[k]
        const row = this.transitions[k]!;
        const u = rng.float();
        let next = 0;
        let acc = 0;
        for (let s = 0; s < v; s++) {
          acc += row[state[k]! * v + s]!;
          if (u < acc) {
            next = s;
            break;
          }
          if (row[state[k]! * v + s]! > 0) next = s; // guards u >= the rounded row sum
        }
        state[k] = next;
        const token = this.tokenOf(k, next);
        if (i < time) {
          tokens[b * time + i] = token;
          source[b * time + i] = k;
        }
        if (i > 0) targets[b * time + i - 1] = token;
      }
    }
    const shape = [batch, time];
    return {
      tokens: { data: tokens, shape, dtype: 'int32' },
      targets: { data: targets, shape, dtype: 'int32' },
      source: { data: source, shape, dtype: 'int32' },
    };
  }
}
