import * as tf from '@tensorflow/tfjs-core';
import { groupLinearReference } from './group-linear-reference.js';
import { blockDiagonal } from './strategy-block-diagonal.js';
import { depthwiseConv } from './strategy-depthwise.js';
import { addBias, unitLoop, unitLoopCustom } from './strategy-unit-loop.js';

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
  return addBias(yt, bias);
};

/**
 * The strategies by name. Kernels per call (forward / backward) are fixed for all but the two
 * unit loops, whose kernel count grows linearly with `units`.
 *
 * - `reference`: broadcast multiply and sum; the slow, obvious reference.
 * - `batched`: 3-D batched matMul; tfjs' gradient (3-D, transposed matMuls).
 * - `unitLoop`: one 2-D matMul per unit; tfjs' gradient (transposed 2-D matMuls).
 * - `unitLoopCustom`: one 2-D matMul per unit forward and backward, none transposed.
 * - `blockDiagonal`: one 2-D matMul with a block-diagonal weight (`units` x the FLOPs).
 * - `depthwiseConv`: one depthwise convolution forward, two backward (a grouped GEMM in XNNPACK).
 */
export const GROUP_LINEAR_STRATEGIES = {
  reference: groupLinearReference,
  batched,
  unitLoop,
  unitLoopCustom,
  blockDiagonal,
  depthwiseConv,
} satisfies Record<string, GroupLinearFn>;

export type GroupLinearStrategy = keyof typeof GROUP_LINEAR_STRATEGIES;

/**
 * The strategy used on each backend when none is given, measured by
 * `pnpm --filter @rimjs/core bench` (forward + backward, batch 64, 6 units, 500 -> 400 and 100 -> 64):
 *
 * - cpu: `batched`, the fastest at both sizes (the JS matmul handles transposes by strides; every
 *   other strategy only adds copies).
 * - wasm: `depthwiseConv`, 3.5-5.5x faster than `batched` and faster than the per-unit loops,
 *   in a kernel count independent of `units`.
 * - tensorflow, webgpu: not measured here; `batched`, the single-kernel form.
 */
export const DEFAULT_STRATEGY: Record<string, GroupLinearStrategy> = {
  cpu: 'batched',
  wasm: 'depthwiseConv',
  tensorflow: 'batched',
  webgpu: 'batched',
};
