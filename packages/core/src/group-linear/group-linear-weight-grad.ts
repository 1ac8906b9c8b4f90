import * as tf from '@tensorflow/tfjs-core';
import { assertShape } from '../assert.js';
import { ConfigError } from '../errors.js';
import { depthwiseWeightGrad } from './strategy-depthwise.js';
import { perUnit } from './strategy-unit-loop.js';

/** How {@link groupLinearWeightGrad} computes its contraction. */
export type GroupLinearWeightGradStrategy = 'batched' | 'unitLoop' | 'depthwiseConv';

/**
 * The default per backend, measured by `pnpm --filter @rimjs/core bench` (the `weightGrad` rows):
 * cpu: `batched` (its matmul takes transposes by strides); wasm: `unitLoop` (one explicit
 * transpose of each operand, then one 2-D, non-transposed matMul per unit: XNNPACK's fast path;
 * a batched or transposed product takes wasm's generic loop, ~10x slower).
 */
const DEFAULT: Record<string, GroupLinearWeightGradStrategy> = { cpu: 'batched', wasm: 'unitLoop' };

/**
 * The weight gradient of {@link groupLinear} over many rows at once: `dw[u] = sum_n x[n, u]^T dy[n, u]`.
 * A fused recurrent kernel stacks every step's inputs and output gradients (`n = time * batch`)
 * and calls this once per sequence, instead of one weight-sized product per step.
 *
 * @param x `[n, units, in]`
 * @param dy `[n, units, out]`
 * @returns `[units, in, out]`
 * @throws ShapeError when the shapes do not agree; ConfigError for an unknown strategy.
 * @example
 * const dw = groupLinearWeightGrad(tf.ones([8, 3, 4]), tf.ones([8, 3, 5])); // [3, 4, 5], all 8
 */
export function groupLinearWeightGrad(
  x: tf.Tensor3D,
  dy: tf.Tensor3D,
  { strategy }: { strategy?: GroupLinearWeightGradStrategy } = {},
): tf.Tensor3D {
  const [n, units] = assertShape('groupLinearWeightGrad', 'x', x, [['n', null], ['units', null], ['in', null]]);
  assertShape('groupLinearWeightGrad', 'dy', dy, [['n', n!], ['units', units!], ['out', null]]);
  const name = strategy ?? DEFAULT[tf.getBackend()] ?? 'batched';
  return tf.tidy(() => {
    if (name === 'batched') {
      return tf.matMul(tf.transpose(x, [1, 0, 2]), tf.transpose(dy, [1, 0, 2]), true, false) as tf.Tensor3D; // [units, in, out]
    }
    if (name === 'unitLoop') {
      const xs = perUnit(tf.transpose(x, [1, 2, 0])); // units x [in, n]
      const ds = perUnit(tf.transpose(dy, [1, 0, 2])); // units x [n, out]
      return tf.stack(xs.map((xu, u) => tf.matMul(xu, ds[u]!)), 0) as tf.Tensor3D; // [units, in, out]
    }
    if (name === 'depthwiseConv') return depthwiseWeightGrad(x, dy);
    throw new ConfigError(`groupLinearWeightGrad: 'strategy' must be one of batched | unitLoop | depthwiseConv, got ${JSON.stringify(name)}`);
  });
}
