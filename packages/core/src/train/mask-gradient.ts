import * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from '../errors.js';
import { customGradient } from './custom-gradient.js';

/**
 * Identity forward; backward, the gradient is multiplied by `mask` (the official RIM code's
 * `blocked_grad`). `mask` broadcasts against `x` from the left: a `[batch, units]` mask applies
 * to `[batch, units, hidden]`. The mask itself gets no gradient.
 *
 * @param x `[d0, d1, ..., dn]`
 * @param mask `[d0, ..., dk]` (k <= n), usually 0/1
 * @throws ShapeError when `mask`'s shape is not a prefix of `x`'s.
 */
export function maskGradient<T extends tf.Tensor>(x: T, mask: tf.Tensor): T {
  if (mask.rank > x.rank || mask.shape.some((d, i) => d !== x.shape[i])) {
    throw new ShapeError(
      `maskGradient: 'mask' must be a prefix of x's shape [${x.shape.join(', ')}], got [${mask.shape.join(', ')}]`,
    );
  }
  const extra = x.rank - mask.rank;
  const f = customGradient((a) => ({
    value: tf.clone(a!),
    gradFunc: (dy, [, mm]) => {
      let b = mm!;
      for (let i = 0; i < extra; i++) b = tf.expandDims(b, -1);
      return [tf.mul(dy, b), tf.zerosLike(mm!)];
    },
  }));
  return f(x, mask) as T;
}
