import * as tf from '@tensorflow/tfjs-core';
import { assertShape, groupLinear } from '@rimjs/core';
import { checkGroupWeights } from './check-weights.js';
import { lstmUpdate } from './gate-updates.js';
import type { GroupCellWeights } from './weights.js';

/**
 * One step of `units` independent LSTM cells, all in one batched computation (two
 * {@link groupLinear} calls and a fixed number of elementwise ops, whatever `units` is).
 * PyTorch's `nn.LSTMCell` per unit, gates `i, f, g, o` along the last axis:
 *
 * ```
 * [i f g o] = x[u] @ wIh[u] + bIh[u] + h[u] @ wHh[u] + bHh[u]
 * c'[u] = sigmoid(f) * c[u] + sigmoid(i) * tanh(g)
 * h'[u] = sigmoid(o) * tanh(c'[u])
 * ```
 * (RIMs, arXiv 1909.10893, section 2.3, "independent dynamics"). This is the pure function under
 * {@link GroupLstmCell}; call it with your own weights.
 *
 * @param x `[batch, units, in]`
 * @param h `[batch, units, hidden]`
 * @param c `[batch, units, hidden]`
 * @param weights `wIh [units, in, 4*hidden]`, `wHh [units, hidden, 4*hidden]`, `bIh, bHh [units, 4*hidden]`
 * @returns the new `h`, `c`, each `[batch, units, hidden]` (the caller disposes them)
 * @throws ShapeError when a shape does not fit the others.
 * @example
 * const { h, c } = groupLstmStep(x, h0, c0, cell.weights);
 */
export function groupLstmStep(
  x: tf.Tensor3D,
  h: tf.Tensor3D,
  c: tf.Tensor3D,
  weights: GroupCellWeights,
): { h: tf.Tensor3D; c: tf.Tensor3D } {
  const where = 'groupLstmStep';
  const [batch, units, inSize] = assertShape(where, 'x', x, [['batch', null], ['units', null], ['in', null]]);
  const [, , hidden] = assertShape(where, 'h', h, [['batch', batch!], ['units', units!], ['hidden', null]]);
  assertShape(where, 'c', c, [['batch', batch!], ['units', units!], ['hidden', hidden!]]);
  checkGroupWeights(where, weights, units!, inSize!, hidden!, 4);
  return tf.tidy(() => {
    // Two GroupLinears, not one over [x h] @ [wIh; wHh]: that concatenates the weights every step
    // (and splits their gradient), which measured slower (small and paper sizes, wasm).
    const gi = groupLinear(x, weights.wIh, weights.bIh); // [batch, units, 4*hidden]
    const gh = groupLinear(h, weights.wHh, weights.bHh); // [batch, units, 4*hidden]
    return lstmUpdate(tf.add(gi, gh), c);
  });
}
