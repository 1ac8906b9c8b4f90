import type * as tf from '@tensorflow/tfjs-core';
import { CheckpointError } from '../errors.js';
import { describe, isObject, tensorLabel } from './check-header.js';
import type { SafetensorsDtype } from './dtypes.js';
import { serializeSafetensors } from './serialize-safetensors.js';
import type { TensorToWrite } from './types.js';

const DTYPE_OF: Partial<Record<tf.DataType, SafetensorsDtype>> = { float32: 'F32', int32: 'I32', bool: 'BOOL' };

/**
 * Writes tfjs tensors as a safetensors file: `float32` as F32, `int32` as I32, `bool` as BOOL,
 * each with its shape. Reads every tensor's values with `await tensor.data()`; does not dispose
 * the tensors (the caller still owns them).
 *
 * @param record The tensors by name (a record or a Map).
 * @param metadata Optional `__metadata__`, string keys to string values.
 * @returns The whole file, laid out as {@link serializeSafetensors} does.
 * @throws CheckpointError naming the tensor when it is not a tensor, is disposed, or has dtype
 *   `complex64` or `string`; and whatever {@link serializeSafetensors} throws.
 * @example
 * const bytes = await fromTensors({ w: tf.ones([2, 3]) }, { step: '100' });
 */
export async function fromTensors(
  record: Readonly<Record<string, tf.Tensor>> | ReadonlyMap<string, tf.Tensor>,
  metadata?: Record<string, string>,
): Promise<Uint8Array> {
  if (!(record instanceof Map) && !isObject(record)) {
    throw new CheckpointError(`fromTensors: 'record' must be a record or Map of tensors, got ${describe(record)}`);
  }
  const entries = record instanceof Map ? [...record] : Object.entries(record);
  const out = new Map<string, TensorToWrite>();
  for (const [name, t] of entries as [string, tf.Tensor][]) {
    const at = `fromTensors: ${tensorLabel(name)}`;
    if (typeof t !== 'object' || t === null || typeof t.data !== 'function' || !Array.isArray(t.shape)) {
      throw new CheckpointError(`${at}: must be a tf.Tensor, got ${describe(t)}`);
    }
    if (t.isDisposed) throw new CheckpointError(`${at}: the tensor is disposed`);
    const dtype = DTYPE_OF[t.dtype];
    if (dtype === undefined) throw new CheckpointError(`${at}: dtype '${t.dtype}' cannot be stored; use float32, int32 or bool`);
    const data = (await t.data()) as Float32Array | Int32Array | Uint8Array;
    out.set(name, { dtype, shape: [...t.shape], data });
  }
  return serializeSafetensors(out, metadata);
}
