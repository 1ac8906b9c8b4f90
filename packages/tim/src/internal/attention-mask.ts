import * as tf from '@tensorflow/tfjs-core';
import { assertShape, ConfigError } from '@rimjs/core';
import { causalMask } from '../causal-mask.js';
import type { ForwardOptions } from '../forward-options.js';

/**
 * Checks a forward pass's options at the boundary: the padding mask is `[batch, time]`, and a
 * seed exists when dropout will draw.
 * @throws ShapeError when `mask` is not `[batch, time]`.
 * @throws ConfigError when training with a dropout rate > 0 and no seed, or the seed is not a non-zero integer.
 */
export function checkForwardOptions(where: string, o: ForwardOptions, batch: number, time: number, maxRate: number): void {
  if (o.mask) assertShape(where, 'options.mask', o.mask, [['batch', batch], ['time', time]]);
  if (o.training && maxRate > 0 && o.seed === undefined) {
    throw new ConfigError(`${where}: 'options.seed' is required when training with dropout ${maxRate} > 0`);
  }
  if (o.seed !== undefined && !(Number.isSafeInteger(o.seed) && o.seed !== 0)) {
    throw new ConfigError(`${where}: 'options.seed' must be a non-zero safe integer, got ${JSON.stringify(o.seed)}`);
  }
}

/**
 * The additive mask of the self-attention over positions (0 where a query may attend, `-Infinity`
 * where not), broadcastable to `[batch, heads, time, time]`: causal `[time, time]`, padding
 * `[batch, 1, 1, time]`, or both `[batch, 1, time, time]`; `undefined` when neither. Built once
 * per forward pass and added to the scores by `scaledDotProductAttention` (an additive mask
 * broadcasts inside the add; a boolean one is tiled to the full weight shape in every head of
 * every layer, measured 15% of a wasm training step). Rows with no key left get zero weights.
 * Call inside a `tf.tidy`.
 */
export function attentionMask(batch: number, time: number, o: ForwardOptions): tf.Tensor | undefined {
  let keep: tf.Tensor | undefined = o.causal ? causalMask(time) : undefined; // [time, time]
  if (o.mask) {
    const real = o.mask.dtype === 'bool' ? o.mask : tf.notEqual(o.mask, 0); // [batch, time]
    const padding = tf.reshape(real, [batch, 1, 1, time]); // [batch, 1, 1, time]
    keep = keep ? tf.logicalAnd(padding, keep) : padding; // [batch, 1, time, time]
  }
  return keep ? tf.where(keep, tf.zeros(keep.shape), tf.fill(keep.shape, -Infinity)) : undefined; // float32, broadcastable
}
