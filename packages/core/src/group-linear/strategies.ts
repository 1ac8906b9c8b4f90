import * as tf from '@tensorflow/tfjs-core';
import { groupLinearReference } from './group-linear-reference.js';

/**
 * One way of computing GroupLinear. All strategies compute the same function:
 * `x [batch, units, in]`, `w [units, in, out]`, `bias [units, out]` -> `[batch, units, out]`.
 */
export type GroupLinearFn = (x: tf.Tensor3D, w: tf.Tensor3D, bias?: tf.Tensor2D) => tf.Tensor3D;

/** 3-D batched matMul over the units axis: one op forward, tfjs' own gradient. */
export const batched: GroupLinearFn = (x, w, bias) => {
  const xt = tf.transpose(x, [1, 0, 2]); // [units, batch, in]
  const y = tf.matMul(xt, w); // [units, batch, out]
  const yt = tf.transpose(y, [1, 0, 2]) as tf.Tensor3D; // [batch, units, out]
  return bias ? (tf.add(yt, bias) as tf.Tensor3D) : yt;
};

/** The strategies by name. */
export const GROUP_LINEAR_STRATEGIES = {
  reference: groupLinearReference,
  batched,
} satisfies Record<string, GroupLinearFn>;

export type GroupLinearStrategy = keyof typeof GROUP_LINEAR_STRATEGIES;

/** The strategy used on each backend when none is given (measured by `pnpm --filter @rimjs/core bench`). */
export const DEFAULT_STRATEGY: Record<string, GroupLinearStrategy> = {
  cpu: 'batched',
  wasm: 'batched',
  tensorflow: 'batched',
  webgpu: 'batched',
};
