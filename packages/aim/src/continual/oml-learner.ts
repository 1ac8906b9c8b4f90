import * as tf from '@tensorflow/tfjs-core';
import { ConfigCheck, normal, plainGradMatMul as matMul, type Parameters, type Rng, zeros } from '@rimjs/core';
import type { AimConfig, ResolvedAimConfig } from '../aim-config.js';
import { resolveAimConfig, aimParamShapes, type AimWeightName } from '../aim-config.js';
import { aimForward, type AimWeights } from '../aim-forward.js';
import { aimInit } from '../aim-layer.js';
import { sampleRankPositions, type StochasticSelection } from '../rank-selection.js';

/** Config of {@link OmlLearner}. */
export interface OmlConfig {
  /** Size of the frozen backbone features it reads. */
  featureSize: number;
  /** Width of the meta-learned slow dense layer on the features (the top of the RLN). */
  slowSize: number;
  /** Width of the fast Linear + ReLU of the PLN (and AIM's input and value size). */
  hidden: number;
  /** Classifier outputs (the most classes ever learned). */
  numClasses: number;
  /** AIM in the PLN (continual variant: raw scores, L2-normalised output), or `null`. */
  aim: Omit<AimConfig, 'variant' | 'inputSize' | 'valueSize' | 'normalizeOutput'> | null;
  /** Without AIM: whether the PLN still L2-normalises before the classifier (AIM brings it along). */
  l2: boolean;
  /** Meta-training stochastic selection: `topK` of the top `candidates` (official 10 of 12); `null`: hard. */
  candidates: number | null;
}

/** The weights of an {@link OmlLearner} by name (slow: `slow.*`; fast: `fast.*`, `aim.*`, `cls.*`). */
export type OmlWeights = Record<string, tf.Tensor>;

/**
 * OML (Javed & White 2019) with or without AIM in the prediction network, as the official
 * `Continual/` code: RLN = a frozen backbone's features -> the slow layer `relu(W_s f + b_s)`;
 * PLN = `relu(W_f h + b_f)` -> [AIM -> L2-norm | L2-norm | nothing] -> classifier.
 *
 * - {@link metaTrainStep}: sample one class, reset its classifier row (Kaiming normal), take one
 *   SGD step (`innerLr`) per trajectory image at batch 1 on the fast weights only, then the
 *   meta-loss on random images plus the trajectory with the adapted fast weights; its gradient
 *   (first-order, as the official code) updates the initial slow and fast weights through `optimizer`.
 * - {@link streamAccuracy}: re-initialise the classifier, learn a stream of classes online, one
 *   pass, one Adam step per image on the fast weights, and report held-out accuracy over all seen
 *   classes at each count in `schedule`.
 */
export class OmlLearner {
  readonly config: OmlConfig;
  readonly aimConfig: ResolvedAimConfig | null;
  readonly params: Parameters;
  readonly vars: Record<string, tf.Variable>;

  /** @throws ConfigError for a bad config. */
  constructor(params: Parameters, config: OmlConfig) {
    const c = new ConfigCheck('OmlConfig');
    for (const k of ['featureSize', 'slowSize', 'hidden', 'numClasses'] as const) c.positiveInt(k, config[k]);
    if (config.aim && config.candidates !== null) c.integer('candidates', config.candidates, config.aim.topK, config.aim.numUnits, 'aim.numUnits');
    c.throwIfAny();
    this.config = config;
    this.params = params;
    this.aimConfig = config.aim ? resolveAimConfig({ ...config.aim, variant: 'continual', inputSize: config.hidden, valueSize: config.hidden, normalizeOutput: true }) : null;
    const { featureSize: d, slowSize: s, hidden: h, numClasses: n } = config;
    this.vars = {
      'slow.weight': params.add('slow.weight', [d, s], normal({ std: Math.sqrt(2 / d) })),
      'slow.bias': params.add('slow.bias', [s], zeros()),
      'fast.weight': params.add('fast.weight', [s, h], normal({ std: Math.sqrt(2 / s) })),
      'fast.bias': params.add('fast.bias', [h], zeros()),
      'cls.weight': params.add('cls.weight', [h, n], normal({ std: Math.sqrt(2 / h) })),
      'cls.bias': params.add('cls.bias', [n], zeros()),
    };
    if (this.aimConfig) {
      const shapes = aimParamShapes(this.aimConfig);
      for (const name of Object.keys(shapes) as AimWeightName[]) this.vars[`aim.${name}`] = params.add(`aim.${name}`, shapes[name], aimInit(this.aimConfig, name));
    }
  }

  /** Names of the fast (PLN) weights. */
  fastNames(): string[] {
    return Object.keys(this.vars).filter((n) => !n.startsWith('slow.'));
  }

  /** `relu(f W_s + b_s)`: `[batch, featureSize]` -> `[batch, slowSize]`. */
  slow(w: OmlWeights, features: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => tf.relu(tf.add(matMul(features, w['slow.weight'] as tf.Tensor2D), w['slow.bias']!)) as tf.Tensor2D);
  }

  /** The PLN: `[batch, slowSize]` -> logits `[batch, numClasses]`. */
  pln(w: OmlWeights, h: tf.Tensor2D, stochastic?: StochasticSelection): tf.Tensor2D {
    return tf.tidy(() => {
      let z = tf.relu(tf.add(matMul(h, w['fast.weight'] as tf.Tensor2D), w['fast.bias']!)) as tf.Tensor2D; // [batch, hidden]
      if (this.aimConfig) {
        const aw = Object.fromEntries(Object.keys(aimParamShapes(this.aimConfig)).map((n) => [n, w[`aim.${n}`]!])) as unknown as AimWeights;
        z = aimForward(this.aimConfig, aw, z, { stochastic }).output;
      } else if (this.config.l2) {
        z = tf.mul(z, tf.rsqrt(tf.maximum(tf.sum(tf.square(z), 1, true), 1e-24))) as tf.Tensor2D;
      }
      return tf.add(matMul(z, w['cls.weight'] as tf.Tensor2D), w['cls.bias']!) as tf.Tensor2D; // [batch, numClasses]
    });
  }

  private draw(rng: Rng): StochasticSelection | undefined {
    const { candidates } = this.config;
    return this.aimConfig && candidates !== null ? { candidates, positions: sampleRankPositions(rng, candidates, this.aimConfig.topK) } : undefined;
  }

  /**
   * One OML meta-training step (see the class doc).
   * @param trajectory `[t, featureSize]` images of class `classId`, learned one at a time
   * @param random `[r, featureSize]` random meta-training images and `randomLabels [r]` int32
   * @returns the meta-loss
   */
  metaTrainStep(
    classId: number,
    trajectory: tf.Tensor2D,
    random: tf.Tensor2D,
    randomLabels: tf.Tensor1D,
    innerLr: number,
    optimizer: tf.Optimizer,
    rng: Rng,
  ): number {
    const fast = this.fastNames();
    const h = this.config.hidden;
    // reset the class's classifier row (Kaiming normal) and bias
    tf.tidy(() => {
      const wc = this.vars['cls.weight']!;
      const col = tf.oneHot([classId], this.config.numClasses).reshape([1, this.config.numClasses]); // [1, n]
      const fresh = tf.randomNormal([h, 1], 0, Math.sqrt(2 / h), 'float32', rng.seed());
      wc.assign(tf.add(tf.mul(wc, tf.sub(1, col)), tf.mul(fresh, col)));
      this.vars['cls.bias']!.assign(tf.mul(this.vars['cls.bias']!, tf.sub(1, col.reshape([this.config.numClasses]))));
    });
    const t = trajectory.shape[0];
    const grads = tf.tidy(() => {
      const hTraj = this.slow(this.vars, trajectory); // [t, slowSize], no gradient needed (first-order)
      let w: OmlWeights = { ...this.vars };
      const label = tf.tensor1d([classId], 'int32');
      for (let i = 0; i < t; i++) {
        const x = tf.slice(hTraj, [i, 0], [1, -1]) as tf.Tensor2D;
        const stochastic = this.draw(rng);
        const g = tf.grads((...fw: tf.Tensor[]) => {
          const ww = { ...w, ...Object.fromEntries(fast.map((n, k) => [n, fw[k]!])) };
          return tf.losses.softmaxCrossEntropy(tf.oneHot(label, this.config.numClasses), this.pln(ww, x, stochastic)) as tf.Scalar;
        })(fast.map((n) => w[n]!));
        w = { ...w, ...Object.fromEntries(fast.map((n, k) => [n, tf.sub(w[n]!, tf.mul(g[k]!, innerLr))])) };
      }
      const metaX = tf.concat([random, trajectory]);
      const metaY = tf.concat([randomLabels, tf.fill([t], classId, 'int32')]) as tf.Tensor1D;
      const stochastic = this.draw(rng);
      const names = Object.keys(this.vars);
      const { value, grads } = tf.valueAndGrads((...all: tf.Tensor[]) => {
        const ww = Object.fromEntries(names.map((n, k) => [n, all[k]!]));
        return tf.losses.softmaxCrossEntropy(tf.oneHot(metaY, this.config.numClasses), this.pln(ww, this.slow(ww, metaX as tf.Tensor2D), stochastic)) as tf.Scalar;
      })(names.map((n) => (n.startsWith('slow.') ? this.vars[n]! : w[n]!)));
      return { loss: value, map: Object.fromEntries(names.map((n, k) => [this.vars[n]!.name, grads[k]!])) };
    });
    optimizer.applyGradients(grads.map);
    const loss = grads.loss.dataSync()[0]!;
    tf.dispose(grads);
    return loss;
  }

  /**
   * Meta-test: learn `stream` (class ids in order, each with its stream images) online and
   * report held-out accuracy over every class seen so far at each count of `schedule`.
   * The learner's own weights are not changed (it works on copies).
   *
   * @param streamFeatures `[classes * perClass, featureSize]` stream images, class-major in `order`
   * @param heldOut `[classes * heldPerClass, featureSize]` held-out images, class-major in `order`
   * @returns accuracy at each schedule count
   */
  streamAccuracy(
    streamFeatures: tf.Tensor2D,
    perClass: number,
    heldOut: tf.Tensor2D,
    heldPerClass: number,
    schedule: readonly number[],
    lr: number,
    seed: number,
  ): number[] {
    const names = Object.keys(this.vars);
    const h = this.config.hidden;
    const copies = tf.tidy(() => Object.fromEntries(names.map((n) => {
      // the classifier is re-initialised (Kaiming normal weights, zero bias), the rest copied
      const value = n === 'cls.weight' ? tf.randomNormal([h, this.config.numClasses], 0, Math.sqrt(2 / h), 'float32', seed)
        : n === 'cls.bias' ? tf.zeros([this.config.numClasses]) : this.vars[n]!;
      return [n, tf.variable(value, !n.startsWith('slow.'))];
    })));
    const optimizer = tf.train.adam(lr);
    const fastVars = this.fastNames().map((n) => copies[n]!);
    const hStream = this.slow(copies, streamFeatures); // [classes * perClass, slowSize]
    const hHeld = this.slow(copies, heldOut);
    const out: number[] = [];
    const maxClasses = Math.max(...schedule);
    for (let c = 0; c < maxClasses; c++) {
      for (let i = 0; i < perClass; i++) {
        tf.tidy(() => {
          const x = tf.slice(hStream, [c * perClass + i, 0], [1, -1]) as tf.Tensor2D;
          optimizer.minimize(() => tf.losses.softmaxCrossEntropy(tf.oneHot(tf.tensor1d([c], 'int32'), this.config.numClasses), this.pln(copies, x)) as tf.Scalar, false, fastVars);
        });
      }
      if (schedule.includes(c + 1)) {
        out.push(tf.tidy(() => {
          const n = (c + 1) * heldPerClass;
          const logits = this.pln(copies, tf.slice(hHeld, [0, 0], [n, -1]) as tf.Tensor2D);
          const labels = tf.floorDiv(tf.range(0, n, 1, 'int32'), heldPerClass);
          return tf.mean(tf.equal(tf.argMax(logits, 1), labels).toFloat()).dataSync()[0]!;
        }));
      }
    }
    tf.dispose([hStream, hHeld, ...Object.values(copies)]);
    optimizer.dispose();
    return out;
  }

  /** Frees the learner's variables. */
  dispose(): void {
    this.params.dispose();
  }
}
