import * as tf from '@tensorflow/tfjs-core';
import { ConfigCheck } from '@rimjs/core';

/**
 * The sinusoidal positional encoding of Vaswani et al. (2017), as host data:
 * `PE[p, 2i] = sin(p / 10000^(2i / dModel))`, `PE[p, 2i + 1] = cos(p / 10000^(2i / dModel))`.
 * @returns `[length, dModel]` row-major
 */
export function sinusoidalTable(length: number, dModel: number): Float32Array {
  const out = new Float32Array(length * dModel); // [length, dModel]
  for (let p = 0; p < length; p++) {
    for (let i = 0; 2 * i < dModel; i++) {
      const angle = p / Math.pow(10000, (2 * i) / dModel);
      out[p * dModel + 2 * i] = Math.sin(angle);
      if (2 * i + 1 < dModel) out[p * dModel + 2 * i + 1] = Math.cos(angle);
    }
  }
  return out;
}

/**
 * The sinusoidal positional encoding (Vaswani et al. 2017, Sec. 3.5), the default of
 * {@link TimEncoder}: `PE[p, 2i] = sin(p / 10000^(2i / dModel))`,
 * `PE[p, 2i + 1] = cos(p / 10000^(2i / dModel))` (an odd `dModel` ends with a sine column).
 *
 * @param length positions `0 .. length - 1`
 * @param dModel width
 * @returns `[length, dModel]`, a new tensor the caller disposes
 * @throws ConfigError when a size is not a positive integer.
 * @example
 * const pe = sinusoidalPositionalEncoding(196, 64); // [196, 64]
 */
export function sinusoidalPositionalEncoding(length: number, dModel: number): tf.Tensor2D {
  new ConfigCheck('sinusoidalPositionalEncoding').positiveInt('length', length).positiveInt('dModel', dModel).throwIfAny();
  return tf.tensor2d(sinusoidalTable(length, dModel), [length, dModel]);
}
