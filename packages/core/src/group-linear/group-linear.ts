import * as tf from '@tensorflow/tfjs-core';
import { assertShape } from '../assert.js';
import { ConfigError } from '../errors.js';
import { DEFAULT_STRATEGY, GROUP_LINEAR_STRATEGIES, type GroupLinearStrategy } from './strategies.js';

/** Options of {@link groupLinear}. */
export interface GroupLinearOptions {
  /** How to compute it; default: the measured best for the active backend. */
  strategy?: GroupLinearStrategy;
}

/** The strategy {@link groupLinear} uses on the active backend when none is given. */
export function defaultGroupLinearStrategy(backend = tf.getBackend()): GroupLinearStrategy {
  return DEFAULT_STRATEGY[backend] ?? 'batched';
}

/**
 * GroupLinear, the primitive under every mechanism: one independent linear map per unit,
 * all units in one call. `y[b, u] = x[b, u] @ w[u] + bias[u]`.
 *
 * @param x `[batch, units, in]`
 * @param w `[units, in, out]`
 * @param bias optional `[units, out]`
 * @returns `[batch, units, out]`
 * @throws ShapeError when the shapes do not agree.
 * @example
 * const y = groupLinear(tf.ones([2, 3, 4]), tf.ones([3, 4, 5])); // [2, 3, 5]
 */
export function groupLinear(
  x: tf.Tensor3D,
  w: tf.Tensor3D,
  bias?: tf.Tensor2D,
  { strategy }: GroupLinearOptions = {},
): tf.Tensor3D {
  const [units, inSize, outSize] = assertShape('groupLinear', 'w', w, [['units', null], ['in', null], ['out', null]]);
  assertShape('groupLinear', 'x', x, [['batch', null], ['units', units!], ['in', inSize!]]);
  if (bias) assertShape('groupLinear', 'bias', bias, [['units', units!], ['out', outSize!]]);
  const name = strategy ?? defaultGroupLinearStrategy();
  const fn = GROUP_LINEAR_STRATEGIES[name];
  if (!fn) {
    throw new ConfigError(
      `groupLinear: 'strategy' must be one of ${Object.keys(GROUP_LINEAR_STRATEGIES).join(' | ')}, got ${JSON.stringify(name)}`,
    );
  }
  return tf.tidy(() => fn(x, w, bias));
}
