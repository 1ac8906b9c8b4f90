import * as tf from '@tensorflow/tfjs-core';

/** Coefficients of {@link ppoLoss}. */
export interface PpoLossConfig {
  /** Clip range epsilon of the ratio and of the value. */
  clip: number;
  entropyCoef: number;
  valueCoef: number;
  /** Normalise the advantages of the batch to zero mean, unit std. */
  normalizeAdvantages: boolean;
}

/** The batch a loss is computed on; every tensor `[rows]` except `logits [rows, actions]`. */
export interface PpoBatch {
  logits: tf.Tensor2D;
  values: tf.Tensor1D;
  actions: tf.Tensor1D;
  oldLogProbs: tf.Tensor1D;
  oldValues: tf.Tensor1D;
  advantages: tf.Tensor1D;
  returns: tf.Tensor1D;
}

/** The loss and its parts (scalars, caller disposes). */
export interface PpoLossResult {
  loss: tf.Scalar;
  policyLoss: tf.Scalar;
  valueLoss: tf.Scalar;
  entropy: tf.Scalar;
  /** Mean of `old logp - logp`, a cheap KL estimate. */
  approxKl: tf.Scalar;
  /** Share of rows whose ratio was clipped. */
  clipFraction: tf.Scalar;
}

/**
 * The PPO loss (Schulman et al. 2017; BabyAI's `ppo.py`), averaged over rows:
 * ```
 * r = exp(logp(a) - logp_old(a));   A = (A - mean A) / (std A + 1e-8) if normalised
 * policy = -mean(min(r A, clip(r, 1 - eps, 1 + eps) A))
 * value  =  mean(max((V - R)^2, (V_old + clip(V - V_old, -eps, eps) - R)^2))
 * loss   = policy - entropyCoef * mean(H(pi)) + valueCoef * value
 * ```
 * Tidy: only the returned scalars survive (caller disposes them).
 */
export function ppoLoss(b: PpoBatch, c: PpoLossConfig): PpoLossResult {
  return tf.tidy(() => ppoLossTerms(b, c) as unknown as tf.TensorContainer) as unknown as PpoLossResult;
}

function ppoLossTerms(b: PpoBatch, c: PpoLossConfig): PpoLossResult {
  const logp = tf.logSoftmax(b.logits); // [rows, actions]
  const probs = tf.exp(logp);
  const entropy = tf.mean(tf.neg(tf.sum(tf.mul(probs, logp), 1))) as tf.Scalar;
  const taken = tf.sum(tf.mul(logp, tf.oneHot(tf.cast(b.actions, 'int32'), b.logits.shape[1])), 1); // [rows]
  let adv: tf.Tensor1D = b.advantages;
  if (c.normalizeAdvantages) {
    const { mean, variance } = tf.moments(adv);
    adv = tf.div(tf.sub(adv, mean), tf.add(tf.sqrt(variance), 1e-8));
  }
  const ratio = tf.exp(tf.sub(taken, b.oldLogProbs));
  const surr1 = tf.mul(ratio, adv);
  const surr2 = tf.mul(tf.clipByValue(ratio, 1 - c.clip, 1 + c.clip), adv);
  const policyLoss = tf.neg(tf.mean(tf.minimum(surr1, surr2))) as tf.Scalar;
  const clipped = tf.add(b.oldValues, tf.clipByValue(tf.sub(b.values, b.oldValues), -c.clip, c.clip));
  const valueLoss = tf.mean(tf.maximum(tf.square(tf.sub(b.values, b.returns)), tf.square(tf.sub(clipped, b.returns)))) as tf.Scalar;
  const loss = tf.add(tf.sub(policyLoss, tf.mul(c.entropyCoef, entropy)), tf.mul(c.valueCoef, valueLoss)) as tf.Scalar;
  const approxKl = tf.mean(tf.sub(b.oldLogProbs, taken)) as tf.Scalar;
  const clipFraction = tf.mean(tf.cast(tf.greater(tf.abs(tf.sub(ratio, 1)), c.clip), 'float32')) as tf.Scalar;
  return { loss, policyLoss, valueLoss, entropy, approxKl, clipFraction };
}
