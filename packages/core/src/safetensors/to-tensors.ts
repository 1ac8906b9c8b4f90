import * as tf from '@tensorflow/tfjs-core';
import { CheckpointError } from '../errors.js';
import { describe, isObject, tensorLabel } from './check-header.js';
import type { RawTensor, SafetensorsFile } from './types.js';

/**
 * Makes one tfjs tensor per tensor of a read file: F64/F32/F16/BF16 as `float32`, I32/I64/U8 as
 * `int32` (tfjs has no uint8), BOOL as `bool`, each with the file's shape.
 *
 * The caller owns and disposes the tensors. On the cpu backend a tensor may share memory with the
 * file's typed array; do not change `file` after this call.
 *
 * @param file What {@link parseSafetensors} or {@link readSafetensorsFile} returned, or its tensors.
 * @returns The tensors by name (a record with own keys only, so a tensor named `__proto__` is safe).
 * @throws CheckpointError naming the tensor when its data length is not product(shape); the
 *   tensors made before it are disposed.
 * @example
 * const weights = toTensors(parseSafetensors(bytes));
 * // ... use weights.w ...
 * tf.dispose(Object.values(weights));
 */
export function toTensors(file: SafetensorsFile | ReadonlyMap<string, RawTensor>): Record<string, tf.Tensor> {
  const map: unknown = file instanceof Map ? file : isObject(file) ? file.tensors : undefined;
  if (!(map instanceof Map)) throw new CheckpointError(`toTensors: 'file' must be a SafetensorsFile or Map, got ${describe(file)}`);
  const made: [string, tf.Tensor][] = [];
  try {
    for (const [name, t] of map as ReadonlyMap<string, RawTensor>) {
      const count = t.shape.reduce((p, d) => p * d, 1);
      if (t.data.length !== count) {
        throw new CheckpointError(
          `toTensors: ${tensorLabel(name)}: data has ${t.data.length} elements, shape [${t.shape.join(', ')}] needs ${count}`,
        );
      }
      const dtype = t.dtype === 'BOOL' ? 'bool' : t.data instanceof Float32Array ? 'float32' : 'int32';
      made.push([name, tf.tensor(t.data, t.shape, dtype)]);
    }
  } catch (e) {
    tf.dispose(made.map(([, t]) => t));
    throw e;
  }
  return Object.fromEntries(made);
}
