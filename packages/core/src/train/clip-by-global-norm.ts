import * as tf from '@tensorflow/tfjs-core';
import { ConfigError } from '../errors.js';

/**
 * Scales every gradient by `min(1, maxNorm / globalNorm)`, as PyTorch's `clip_grad_norm_`
 * (which divides by `norm + 1e-6`) and TensorFlow's `clip_by_global_norm` do.
 *
 * @param grads gradients by variable name
 * @param maxNorm the largest allowed global L2 norm (> 0)
 * @returns the clipped gradients (new tensors; the caller disposes them) and the global norm before clipping
 * @throws ConfigError when `maxNorm` is not positive.
 */
export function clipByGlobalNorm(
  grads: tf.NamedTensorMap,
  maxNorm: number,
): { grads: tf.NamedTensorMap; norm: number } {
  if (!(maxNorm > 0)) throw new ConfigError(`clipByGlobalNorm: 'maxNorm' must be > 0, got ${maxNorm}`);
  const names = Object.keys(grads);
  const normT = tf.tidy(() =>
    tf.sqrt(tf.addN(names.map((n) => tf.sum(tf.square(grads[n]!))).concat([tf.scalar(0)]))),
  );
  const norm = normT.dataSync()[0]!;
  normT.dispose();
  const scale = Math.min(1, maxNorm / (norm + 1e-6));
  const out: tf.NamedTensorMap = {};
  for (const n of names) out[n] = tf.tidy(() => (scale === 1 ? tf.clone(grads[n]!) : tf.mul(grads[n]!, scale)));
  return { grads: out, norm };
}
