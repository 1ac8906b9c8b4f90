import * as tf from '@tensorflow/tfjs-core';

/**
 * Computes `fn(x)` off the gradient tape: the result carries no gradient back to `x`, and the
 * ops inside `fn` are never recorded (so ops without a registered gradient, such as `TopK`,
 * may be used even while `tf.grad` is running).
 *
 * @param fn a function of `x` returning a float tensor
 * @param x its input
 */
export function noGradient<T extends tf.Tensor>(fn: (x: tf.Tensor) => T, x: tf.Tensor): T {
  const f = tf.customGrad(((a: tf.Tensor) => ({
    value: fn(a),
    gradFunc: () => tf.zerosLike(a),
  })) as unknown as Parameters<typeof tf.customGrad>[0]);
  return f(x) as T;
}
