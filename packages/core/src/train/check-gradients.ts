import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../rng.js';

/** Result of {@link checkGradients}. */
export interface GradientCheck {
  /** Largest |analytic - numeric| / max(|numeric|, floor) over the sampled coordinates. */
  maxRelError: number;
  /** Largest absolute difference. */
  maxAbsError: number;
  /** Coordinates compared. */
  checked: number;
}

/**
 * Compares tfjs' gradients of a scalar function with central finite differences, on a seeded
 * sample of coordinates of each input. For tests: float32 differences are noisy, so use a smooth
 * function of O(1) values, `eps` around 1e-2 and tolerances around 1e-2.
 *
 * @param f scalar function of the inputs
 * @param xs the inputs (not modified)
 * @returns the worst errors found
 */
export function checkGradients(
  f: (...xs: tf.Tensor[]) => tf.Scalar,
  xs: tf.Tensor[],
  { eps = 1e-2, samples = 20, seed = 1, floor = 1e-3 }: { eps?: number; samples?: number; seed?: number; floor?: number } = {},
): GradientCheck {
  const rng = new Rng(seed);
  const analytic = tf.tidy(() => tf.grads(f)(xs).map((g) => g.dataSync()));
  let maxRelError = 0;
  let maxAbsError = 0;
  let checked = 0;
  const values = xs.map((x) => x.dataSync().slice() as Float32Array);
  const evalAt = (inputs: Float32Array[]): number =>
    tf.tidy(() => f(...inputs.map((v, k) => tf.tensor(v, xs[k]!.shape))).dataSync()[0]!);
  xs.forEach((x, k) => {
    const n = Math.min(samples, x.size);
    for (let s = 0; s < n; s++) {
      const i = x.size <= samples ? s : rng.int(x.size);
      const plus = values.map((v) => v.slice());
      const minus = values.map((v) => v.slice());
      plus[k]![i]! += eps;
      minus[k]![i]! -= eps;
      const numeric = (evalAt(plus) - evalAt(minus)) / (2 * eps);
      const a = analytic[k]![i]!;
      const abs = Math.abs(a - numeric);
      maxAbsError = Math.max(maxAbsError, abs);
      maxRelError = Math.max(maxRelError, abs / Math.max(Math.abs(numeric), floor));
      checked++;
    }
  });
  return { maxRelError, maxAbsError, checked };
}
