import * as tf from '@tensorflow/tfjs-core';
import { jsKernelsAvailable, runJsKernel, type JsKernel } from '../backend/js-kernel.js';
import { customGradient } from './custom-gradient.js';

/** The smallest positive normal float32, `2^-126`; below it, float32 values are denormal. */
export const FLOAT32_MIN_NORMAL = 1.1754943508222875e-38;

const flushKernel: JsKernel = {
  name: 'RimjsFlushDenormals',
  shapes: ([x]) => [x!],
  compute([x], [y]) {
    for (let i = 0; i < x!.length; i++) {
      const v = x![i]!;
      y![i] = v > -FLOAT32_MIN_NORMAL && v < FLOAT32_MIN_NORMAL ? 0 : v;
    }
  },
};

/**
 * `x` with its denormal values (`0 < |x| < 2^-126`) set to 0: what a CPU's flush-to-zero mode does
 * (PyTorch's `torch.set_flush_denormal(True)`), which WebAssembly lacks. One JavaScript kernel on
 * cpu and wasm, tfjs ops elsewhere.
 *
 * @param x float32 of any shape
 * @returns a new tensor of `x`'s shape
 */
export function flushDenormals<T extends tf.Tensor>(x: T): T {
  if (jsKernelsAvailable()) return runJsKernel(flushKernel, [x], {})[0] as T;
  return tf.tidy(() => tf.where(tf.less(tf.abs(x), FLOAT32_MIN_NORMAL), tf.zerosLike(x), x)) as T;
}

const flushGradient = customGradient((x) => ({ value: tf.clone(x!), gradFunc: (dy) => [flushDenormals(dy)] }));

/**
 * Identity forward; backward, the gradient with its denormals flushed to zero (see
 * {@link flushDenormals}). A gradient that fades back through a long recurrence (the last-step
 * loss of a 196-step sequential-MNIST LSTM) goes denormal in the early steps, and float32
 * arithmetic on denormals is many times slower on x86 CPUs: measured on wasm, the LSTM-192 training
 * step with the loss on the last step only took 3x that with the loss on every step. Flushing the
 * carried state's gradient each step keeps every product off denormals; the gradient changes by
 * less than `2^-126` per element.
 *
 * @example
 * const h = flushDenormalGradient(state.h); // [batch, hidden], carried to the next step
 */
export function flushDenormalGradient<T extends tf.Tensor>(x: T): T {
  return flushGradient(x) as T;
}
