import * as tf from '@tensorflow/tfjs-core';
import { clipByGlobalNorm } from './clip-by-global-norm.js';

/**
 * One optimizer step with gradients clipped to a global norm: the gradients of `lossFn` with
 * respect to `vars` ({@link clipByGlobalNorm} to `maxNorm`), then `optimizer.applyGradients`.
 * Every intermediate tensor is freed.
 *
 * @returns the loss before the update
 * @example
 * const loss = clippedStep(adam, () => bceWithLogits(model.forward(x).logits, y), model.params.trainable(), 1);
 */
export function clippedStep(optimizer: tf.Optimizer, lossFn: () => tf.Scalar, vars: tf.Variable[], maxNorm: number): number {
  const loss = tf.tidy(() => {
    const { value, grads } = tf.variableGrads(lossFn, vars);
    optimizer.applyGradients(clipByGlobalNorm(grads, maxNorm).grads);
    return value;
  });
  const v = loss.dataSync()[0]!;
  loss.dispose();
  return v;
}
