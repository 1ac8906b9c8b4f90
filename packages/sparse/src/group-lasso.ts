import * as tf from '@tensorflow/tfjs-core';
import type { BlockShape } from './block-shape.js';
import { blockNorms } from './block-reduce.js';

/**
 * Group lasso with one group per block (BSR section 3.2): `sum over blocks b of ||w_b||_2`, the
 * plain (not squared) L2 norm of each block, with `eps` inside the square root so the gradient
 * exists at a zero block (`d/dw = w_b / ||w_b||`). Multiply by the strength `lambda` yourself.
 *
 * @param w `[R, C]`
 * @param block `[bh, bw]`, tiling `w` exactly
 * @returns a scalar (differentiable in `w`; the caller disposes it)
 * @throws ConfigError / ShapeError for a bad block shape.
 * @example
 * const loss = tf.add(task, tf.mul(1e-4, groupLasso(w, [8, 8])));
 */
export function groupLasso(w: tf.Tensor2D, block: BlockShape, eps = 1e-12): tf.Scalar {
  return tf.tidy(() => tf.sum(blockNorms(w, block, eps)) as tf.Scalar);
}

/**
 * The slow, obvious reference of {@link groupLasso}: loops over blocks on host numbers.
 *
 * @param w row-major `[rows, cols]` values
 */
export function groupLassoReference(w: ArrayLike<number>, rows: number, cols: number, block: BlockShape, eps = 1e-12): number {
  const [bh, bw] = block;
  let total = 0;
  for (let i = 0; i < rows; i += bh) {
    for (let j = 0; j < cols; j += bw) {
      let s = 0;
      for (let a = 0; a < bh; a++) for (let b = 0; b < bw; b++) s += w[(i + a) * cols + j + b]! ** 2;
      total += Math.sqrt(s + eps);
    }
  }
  return total;
}
