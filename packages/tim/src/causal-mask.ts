import * as tf from '@tensorflow/tfjs-core';
import { ConfigCheck } from '@rimjs/core';

/**
 * The causal attention mask: `mask[q, k] = k <= q` (a query position sees itself and earlier
 * positions only). Broadcasts to attention weights `[batch, heads, time, time]`.
 *
 * @param time the sequence length
 * @returns bool `[time, time]`, a new tensor the caller disposes
 * @throws ConfigError when `time` is not a positive integer.
 * @example
 * causalMask(3).print(); // [[true, false, false], [true, true, false], [true, true, true]]
 */
export function causalMask(time: number): tf.Tensor2D {
  new ConfigCheck('causalMask').positiveInt('time', time).throwIfAny();
  const data = new Uint8Array(time * time); // [time, time]
  for (let q = 0; q < time; q++) for (let k = 0; k <= q; k++) data[q * time + k] = 1;
  return tf.tensor2d(data, [time, time], 'bool');
}
