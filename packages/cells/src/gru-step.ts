import * as tf from '@tensorflow/tfjs-core';
import { assertShape } from '@rimjs/core';
import { checkCellWeights } from './check-weights.js';
import { gruUpdate } from './gate-updates.js';
import { denseMatMul } from './mat-mul.js';
import type { CellWeights } from './weights.js';

/** Options of {@link gruStep}. */
export interface GruStepOptions {
  /**
   * The state multiplied by `wHh`, `[batch, hidden]`; default `h`. {@link GruCell} passes `h`
   * after state dropout here, while the carry `z * h` keeps the undropped `h`.
   */
  recurrentInput?: tf.Tensor2D;
}

/**
 * One step of a dense GRU cell, exactly PyTorch's `nn.GRUCell` (reset-after form, gates `r, z, n`):
 *
 * ```
 * [xr xz xn] = x @ wIh + bIh,   [hr hz hn] = h @ wHh + bHh
 * r = sigmoid(xr + hr),  z = sigmoid(xz + hz),  n = tanh(xn + r * hn),  h' = (1 - z) * n + z * h
 * ```
 * The pure function under {@link GruCell}.
 *
 * @param x `[batch, in]`
 * @param h `[batch, hidden]`
 * @param weights `wIh [in, 3*hidden]`, `wHh [hidden, 3*hidden]`, `bIh, bHh [3*hidden]`
 * @returns the new `h` `[batch, hidden]` (the caller disposes it)
 * @throws ShapeError when a shape does not fit the others.
 * @example
 * const { h } = gruStep(x, h0, cell.weights);
 */
export function gruStep(
  x: tf.Tensor2D,
  h: tf.Tensor2D,
  weights: CellWeights,
  { recurrentInput }: GruStepOptions = {},
): { h: tf.Tensor2D } {
  const where = 'gruStep';
  const [batch, inSize] = assertShape(where, 'x', x, [['batch', null], ['in', null]]);
  const [, hidden] = assertShape(where, 'h', h, [['batch', batch!], ['hidden', null]]);
  if (recurrentInput) {
    assertShape(where, 'options.recurrentInput', recurrentInput, [['batch', batch!], ['hidden', hidden!]]);
  }
  checkCellWeights(where, weights, inSize!, hidden!, 3);
  // denseMatMul + add, not tf.fused.matMul: wasm's fused matMul rejects a bias that came from a
  // reshape (see mat-mul.ts for the backward pass).
  return tf.tidy(() => {
    const gi = tf.add(denseMatMul(x, weights.wIh), weights.bIh); // [batch, 3*hidden]
    const gh = tf.add(denseMatMul(recurrentInput ?? h, weights.wHh), weights.bHh); // [batch, 3*hidden]
    return { h: gruUpdate(gi, gh, h) };
  });
}
