import * as tf from '@tensorflow/tfjs-core';
import type { TwoSourceMarkov } from '@rimjs/datasets';
import { competitionWinners, mutualInformation, type ForwardOptions } from '@rimjs/tim';

/** What {@link evaluateMarkov} needs of a model (a `TimEncoder` with a head fits). */
export interface EvaluatedModel {
  forward(x: tf.Tensor2D, options: ForwardOptions): { logits?: tf.Tensor3D; competition: tf.Tensor3D[] };
}

/** A held-out set on the host, batch-major `[batch, time]` each. */
export interface MarkovSet {
  tokens: Int32Array;
  targets: Int32Array;
  /** Which source emitted each token. */
  source: Int32Array;
  batch: number;
  time: number;
}

/** Held-out loss and specialization of a model. */
export interface MarkovEval {
  /** Mean next-token cross-entropy, nats per token. */
  loss: number;
  /** Per TIM layer, `I(source; argmax competition)` in bits over every position of the set (empty without TIM layers). */
  mi: number[];
}

/** Entropy of a labeling, in bits (from counts). */
export function entropyBits(labels: ArrayLike<number>): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) counts.set(labels[i]!, (counts.get(labels[i]!) ?? 0) + 1);
  let h = 0;
  for (const c of counts.values()) h -= (c / labels.length) * Math.log2(c / labels.length);
  return h;
}

/** The first `batch` sequences of the task's stream `seed`, on the host. */
export function markovSet(task: TwoSourceMarkov, batch: number, seed: number | string): MarkovSet {
  const b = task.batchAt(0, batch, seed);
  return { tokens: b.tokens.data as Int32Array, targets: b.targets.data as Int32Array, source: b.source.data as Int32Array, batch, time: task.time };
}

/**
 * The held-out loss and, per TIM layer, the mutual information between each position's source
 * and its winning mechanism, over the whole set (one forward per chunk of `chunk` sequences; the
 * winners of every chunk are gathered before the MI is counted, so the MI is over all positions).
 */
export async function evaluateMarkov(model: EvaluatedModel, set: MarkovSet, chunk: number): Promise<MarkovEval> {
  const { time } = set;
  let nats = 0;
  let winners: Int32Array[] | undefined;
  for (let at = 0; at < set.batch; at += chunk) {
    const n = Math.min(chunk, set.batch - at);
    const rows = (a: Int32Array) => a.subarray(at * time, (at + n) * time);
    const x = tf.tensor2d(rows(set.tokens), [n, time], 'int32');
    const res = model.forward(x, { causal: true });
    winners ??= res.competition.map(() => new Int32Array(set.batch * time));
    const loss = tf.tidy(() => {
      const y = tf.oneHot(tf.tensor2d(rows(set.targets), [n, time], 'int32'), res.logits!.shape[2]);
      return tf.losses.softmaxCrossEntropy(y, res.logits!);
    });
    nats += (await loss.data())[0]! * n;
    for (let l = 0; l < res.competition.length; l++) {
      const w = competitionWinners(res.competition[l]!); // [n, time]
      winners[l]!.set(await w.data(), at * time);
      w.dispose();
    }
    tf.dispose([x, loss, res]);
  }
  return { loss: nats / set.batch, mi: (winners ?? []).map((w) => mutualInformation(set.source, w)) };
}

/**
 * The Bayes-optimal next-token loss (nats/token) on a set of a task with disjoint vocabularies
 * (`overlap` 0): the current source `k` and each chain's last state are read off the tokens, so the
 * next token is `(1 - p) P_k[last_k]` from source `k` and `p / (sources - 1) P_j[last_j]` from each
 * other source `j`, where a chain that has not emitted yet is at a uniform state (its next token is
 * the mean row of its matrix).
 */
export function oracleLoss(task: TwoSourceMarkov, set: MarkovSet): number {
  const { vocabSize: v, switchProbability: p, sources } = task.config;
  const probOf = (k: number, last: number | undefined, s: number): number =>
    last === undefined
      ? Array.from({ length: v }, (_, r) => task.transitions[k]![r * v + s]!).reduce((a, b) => a + b, 0) / v
      : task.transitions[k]![last * v + s]!;
  let nats = 0;
  for (let b = 0; b < set.batch; b++) {
    const last: Array<number | undefined> = new Array(sources).fill(undefined);
    for (let t = 0; t < set.time; t++) {
      const tok = set.tokens[b * set.time + t]!;
      const k = Math.floor(tok / v);
      last[k] = tok - k * v;
      const next = set.targets[b * set.time + t]!;
      const kn = Math.floor(next / v);
      nats -= Math.log((kn === k ? 1 - p : p / (sources - 1)) * probOf(kn, last[kn], next - kn * v));
    }
  }
  return nats / (set.batch * set.time);
}
