import * as tf from '@tensorflow/tfjs-core';
import { assertShape, groupLinear } from '@rimjs/core';
import { checkGroupWeights } from './check-weights.js';
import { gruUpdate } from './gate-updates.js';
import type { GroupCellWeights } from './weights.js';

/** Options of {@link groupGruStep}. */
export interface GroupGruStepOptions {
  /**
   * The state multiplied by `wHh`, `[batch, units, hidden]`; default `h`. {@link GroupGruCell}
   * passes `h` after state dropout here, while the carry `z * h` keeps the undropped `h`.
   */
  recurrentInput?: tf.Tensor3D;
}

/**
 * One step of `units` independent GRU cells, all in one batched computation (two
 * {@link groupLinear} calls and a fixed number of elementwise ops). PyTorch's `nn.GRUCell` per
 * unit, in its reset-after form, gates `r, z, n` along the last axis:
 *
 * ```
 * [xr xz xn] = x[u] @ wIh[u] + bIh[u],   [hr hz hn] = h[u] @ wHh[u] + bHh[u]
 * r = sigmoid(xr + hr),  z = sigmoid(xz + hz),  n = tanh(xn + r * hn)
 * h'[u] = (1 - z) * n + z * h[u]
 * ```
 * (RIMs, arXiv 1909.10893, section 2.3). The pure function under {@link GroupGruCell}.
 *
 * @param x `[batch, units, in]`
 * @param h `[batch, units, hidden]`
 * @param weights `wIh [units, in, 3*hidden]`, `wHh [units, hidden, 3*hidden]`, `bIh, bHh [units, 3*hidden]`
 * @returns the new `h` `[batch, units, hidden]` (the caller disposes it)
 * @throws ShapeError when a shape does not fit the others.
 * @example
 * const { h } = groupGruStep(x, h0, cell.weights);
 */
export function groupGruStep(
  x: tf.Tensor3D,
  h: tf.Tensor3D,
  weights: GroupCellWeights,
  { recurrentInput }: GroupGruStepOptions = {},
): { h: tf.Tensor3D } {
  const where = 'groupGruStep';
  const [batch, units, inSize] = assertShape(where, 'x', x, [['batch', null], ['units', null], ['in', null]]);
  const [, , hidden] = assertShape(where, 'h', h, [['batch', batch!], ['units', units!], ['hidden', null]]);
  if (recurrentInput) {
    assertShape(where, 'options.recurrentInput', recurrentInput, [['batch', batch!], ['units', units!], ['hidden', hidden!]]);
  }
  checkGroupWeights(where, weights, units!, inSize!, hidden!, 3);
  return tf.tidy(() => {
    const gi = groupLinear(x, weights.wIh, weights.bIh); // [batch, units, 3*hidden]
    const gh = groupLinear(recurrentInput ?? h, weights.wHh, weights.bHh); // [batch, units, 3*hidden]
    return { h: gruUpdate(gi, gh, h) };
  });
}
