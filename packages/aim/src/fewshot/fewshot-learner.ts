import * as tf from '@tensorflow/tfjs-core';
import { ConfigCheck, type Parameters, type Rng } from '@rimjs/core';
import type { AimConfig } from '../aim-config.js';
import { aimForward, type AimWeights } from '../aim-forward.js';
import { AimLayer } from '../aim-layer.js';
import { sampleRankPositions, type StochasticSelection } from '../rank-selection.js';
import { createPrototypeHead, prototypeLogits, type PrototypeHeadWeights } from './prototype-head.js';

/** One episode's features as tensors (not disposed by the learner). */
export interface EpisodeFeatures {
  readonly nWay: number;
  /** `[nWay * kShot, featureSize]` */
  readonly support: tf.Tensor2D;
  /** `[nWay * kShot]` int32 in `[0, nWay)` */
  readonly supportLabels: tf.Tensor1D;
  /** `[nWay * nQuery, featureSize]` */
  readonly query: tf.Tensor2D;
  /** `[nWay * nQuery]` int32 */
  readonly queryLabels: tf.Tensor1D;
}

/** Config of {@link FewshotLearner}. */
export interface FewshotLearnerConfig {
  /** Size of the backbone features. */
  featureSize: number;
  /** The AIM between the features and the head (`variant: 'fewshot'`), or `null` for the no-AIM arm. */
  aim: Omit<AimConfig, 'variant' | 'inputSize'> | null;
  /** Training-time stochastic selection: `topK` of the top `candidates` (official 8 of 10). `null`: hard top-k. */
  candidates: number | null;
  /** Plain-SGD learning rates: the head (SIB), AIM's outer step, AIM's inner (adaptation) step. Official 1e-3, 5e-3, 3e-3. */
  lr: { head: number; aimOuter: number; aimInner: number };
}

/**
 * Episodic few-shot learning with and without AIM, as the official `Fewshot/algorithm.py` with a
 * cosine-prototype head (SIB with zero synthetic-gradient steps) on frozen backbone features:
 *
 * - train, per episode: (AIM arm) one SGD step of all AIM weights on the support loss, the support
 *   set classifying itself (stochastic selection), kept in place; then one SGD step of AIM and the
 *   head on the query loss (a new stochastic draw shared by support and query passes);
 * - test, per episode: on a copy of AIM, one SGD step (`lr.aimInner`) on the support loss, then
 *   classify the queries with hard top-k (`adapt: false` skips the step: the official `--testAdd`).
 *
 * @example
 * const learner = new FewshotLearner(params, { featureSize: 288, aim: { numUnits: 32, topK: 8, valueSize: 128 }, candidates: 10, lr });
 * learner.trainEpisode(episode, rng); // loss
 * learner.evaluateEpisode(episode); // accuracy in [0, 1]
 */
export class FewshotLearner {
  readonly config: FewshotLearnerConfig;
  readonly aim: AimLayer | null;
  readonly head: PrototypeHeadWeights;
  readonly params: Parameters;

  /** @throws ConfigError for a bad config. */
  constructor(params: Parameters, config: FewshotLearnerConfig) {
    const c = new ConfigCheck('FewshotLearnerConfig');
    c.positiveInt('featureSize', config.featureSize);
    for (const k of ['head', 'aimOuter', 'aimInner'] as const) c.number(`lr.${k}`, config.lr[k], 0, 10);
    if (config.aim && config.candidates !== null) c.integer('candidates', config.candidates, config.aim.topK, config.aim.numUnits, 'aim.numUnits');
    c.throwIfAny();
    this.config = config;
    this.params = params;
    this.aim = config.aim ? new AimLayer(params.scope('aim'), { ...config.aim, variant: 'fewshot', inputSize: config.featureSize }) : null;
    this.head = createPrototypeHead(params.scope('head'), this.aim ? this.aim.config.valueSize : config.featureSize);
  }

  private loss(aim: AimWeights | null, ep: EpisodeFeatures, onQuery: boolean, stochastic?: StochasticSelection): tf.Scalar {
    const map = (x: tf.Tensor2D) => (aim && this.aim ? aimForward(this.aim.config, aim, x, { stochastic }).output : x);
    const s = map(ep.support);
    const q = onQuery ? map(ep.query) : s;
    const logits = prototypeLogits(this.head, s, ep.supportLabels, q, ep.nWay);
    const labels = onQuery ? ep.queryLabels : ep.supportLabels;
    return tf.losses.softmaxCrossEntropy(tf.oneHot(labels, ep.nWay), logits) as tf.Scalar;
  }

  private draw(rng: Rng): StochasticSelection | undefined {
    const { candidates } = this.config;
    return this.aim && candidates !== null ? { candidates, positions: sampleRankPositions(rng, candidates, this.aim.config.topK) } : undefined;
  }

  /** One meta-training episode (see the class doc); returns the query loss before the outer step. */
  trainEpisode(ep: EpisodeFeatures, rng: Rng): number {
    const aimVars = this.aim ? Object.values(this.aim.weights()) : [];
    const aimWeights = this.aim ? this.aim.weights() : null;
    if (this.aim) {
      const inner = this.draw(rng);
      tf.tidy(() => {
        const { grads } = tf.variableGrads(() => this.loss(aimWeights, ep, false, inner), aimVars);
        for (const v of aimVars) v.assign(tf.sub(v, tf.mul(grads[v.name]!, this.config.lr.aimInner)));
      });
    }
    const outer = this.draw(rng);
    const headVars = Object.values(this.head) as tf.Variable[];
    return tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => this.loss(aimWeights, ep, true, outer), [...aimVars, ...headVars]);
      for (const v of aimVars) v.assign(tf.sub(v, tf.mul(grads[v.name]!, this.config.lr.aimOuter)));
      for (const v of headVars) v.assign(tf.sub(v, tf.mul(grads[v.name]!, this.config.lr.head)));
      return value.dataSync()[0]!;
    });
  }

  /**
   * Query accuracy of one test episode; AIM (if any) is adapted on a copy, the layer is unchanged.
   * @param options `adapt` (default true): take the support-set SGD step first
   */
  evaluateEpisode(ep: EpisodeFeatures, { adapt = true }: { adapt?: boolean } = {}): number {
    return tf.tidy(() => {
      let weights: AimWeights | null = this.aim ? this.aim.weights() : null;
      if (weights && adapt) {
        const names = Object.keys(weights) as Array<keyof AimWeights>;
        const w0 = weights;
        const grads = tf.grads((...ws: tf.Tensor[]) =>
          this.loss(Object.fromEntries(names.map((n, i) => [n, ws[i]!])) as unknown as AimWeights, ep, false))(names.map((n) => w0[n]));
        weights = Object.fromEntries(names.map((n, i) => [n, tf.sub(w0[n], tf.mul(grads[i]!, this.config.lr.aimInner))])) as unknown as AimWeights;
      }
      const map = (x: tf.Tensor2D) => (weights && this.aim ? aimForward(this.aim.config, weights, x).output : x);
      const logits = prototypeLogits(this.head, map(ep.support), ep.supportLabels, map(ep.query), ep.nWay);
      return tf.mean(tf.equal(tf.argMax(logits, 1), ep.queryLabels).toFloat()).dataSync()[0]!;
    });
  }

  /** Frees the learner's variables. */
  dispose(): void {
    this.params.dispose();
  }
}
