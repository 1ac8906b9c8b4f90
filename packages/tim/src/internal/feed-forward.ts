import type * as tf from '@tensorflow/tfjs-core';
import { type Activation, activate } from './activation.js';
import { project } from './project.js';

/**
 * The position-wise feed-forward block, per mechanism (`[ns, dMech, dFF / ns]` weights,
 * GroupLinear) or standard (`[dModel, dFF]`): `f_m = act(h_m W1_m + b1_m) W2_m + b2_m`.
 *
 * @param h `[rows, ns, dMech]`
 * @returns `[rows, ns, dMech]`
 */
export function feedForward(h: tf.Tensor3D, w: Record<string, tf.Tensor>, activation: Activation): tf.Tensor3D {
  const hidden = activate(project(h, w['ffn.hidden.weight']!, w['ffn.hidden.bias']), activation); // [rows, ns, dFF/ns]
  return project(hidden, w['ffn.output.weight']!, w['ffn.output.bias']); // [rows, ns, dMech]
}
