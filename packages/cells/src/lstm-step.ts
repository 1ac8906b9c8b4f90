import * as tf from '@tensorflow/tfjs-core';
import { assertShape } from '@rimjs/core';
import { checkCellWeights } from './check-weights.js';
import { lstmUpdate } from './gate-updates.js';
import { denseMatMul } from './mat-mul.js';
import type { CellWeights } from './weights.js';

/**
 * One step of a dense LSTM cell, exactly PyTorch's `nn.LSTMCell` (gates `i, f, g, o`):
 *
 * ```
 * [i f g o] = x @ wIh + bIh + h @ wHh + bHh
 * c' = sigmoid(f) * c + sigmoid(i) * tanh(g),   h' = sigmoid(o) * tanh(c')
 * ```
 * The pure function under {@link LstmCell}.
 *
 * @param x `[batch, in]`
 * @param h `[batch, hidden]`
 * @param c `[batch, hidden]`
 * @param weights `wIh [in, 4*hidden]`, `wHh [hidden, 4*hidden]`, `bIh, bHh [4*hidden]`
 * @returns the new `h`, `c`, each `[batch, hidden]` (the caller disposes them)
 * @throws ShapeError when a shape does not fit the others.
 * @example
 * const { h, c } = lstmStep(x, h0, c0, cell.weights);
 */
export function lstmStep(
  x: tf.Tensor2D,
  h: tf.Tensor2D,
  c: tf.Tensor2D,
  weights: CellWeights,
): { h: tf.Tensor2D; c: tf.Tensor2D } {
  const where = 'lstmStep';
  const [batch, inSize] = assertShape(where, 'x', x, [['batch', null], ['in', null]]);
  const [, hidden] = assertShape(where, 'h', h, [['batch', batch!], ['hidden', null]]);
  assertShape(where, 'c', c, [['batch', batch!], ['hidden', hidden!]]);
  checkCellWeights(where, weights, inSize!, hidden!, 4);
  // denseMatMul + add, not tf.fused.matMul: wasm's fused matMul rejects a bias that came from a
  // reshape (see mat-mul.ts for the backward pass).
  return tf.tidy(() => {
    const gi = tf.add(denseMatMul(x, weights.wIh), weights.bIh); // [batch, 4*hidden]
    const gh = tf.add(denseMatMul(h, weights.wHh), weights.bHh); // [batch, 4*hidden]
    return lstmUpdate(tf.add(gi, gh), c);
  });
}
