import * as tf from '@tensorflow/tfjs-core';

/**
 * Identity forward, zero gradient backward (tfjs has no stop-gradient op).
 * @param x any tensor
 * @returns a tensor equal to `x` through which no gradient flows
 */
export function stopGradient<T extends tf.Tensor>(x: T): T {
  const f = tf.customGrad(((a: tf.Tensor) => ({
    value: tf.clone(a),
    gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
  })) as unknown as Parameters<typeof tf.customGrad>[0]);
  return f(x) as T;
}
