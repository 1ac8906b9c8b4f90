import * as tf from '@tensorflow/tfjs-core';

/** Every tensor inside a (nested) object or array, e.g. a cell state. */
export function collectTensors(value: unknown, into: Set<tf.Tensor> = new Set()): Set<tf.Tensor> {
  if (value instanceof tf.Tensor) into.add(value);
  else if (Array.isArray(value)) for (const v of value) collectTensors(v, into);
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) collectTensors(v, into);
  return into;
}
