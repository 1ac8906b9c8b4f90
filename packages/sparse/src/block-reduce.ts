import * as tf from '@tensorflow/tfjs-core';
import { checkBlockShape, type BlockShape } from './block-shape.js';

/**
 * The largest absolute weight of each block: how the paper judges a block.
 *
 * @param w `[R, C]`
 * @param block `[bh, bw]`, tiling `w` exactly
 * @returns `[R / bh, C / bw]` (the caller disposes it)
 * @throws ConfigError / ShapeError for a bad block shape (see {@link checkBlockShape}).
 * @example
 * blockMaxAbs(tf.ones([8, 8]), [4, 4]); // [2, 2] of ones
 */
export function blockMaxAbs(w: tf.Tensor2D, block: BlockShape): tf.Tensor2D {
  const [gr, gc] = checkBlockShape('blockMaxAbs', 'block', block, w.shape);
  return tf.tidy(() => tf.max(tf.abs(tf.reshape(w, [gr, block[0], gc, block[1]])), [1, 3]) as tf.Tensor2D); // [gr, gc]
}

/**
 * Expands a block mask to an element mask: every element of block `(i, j)` gets `mask[i, j]`.
 *
 * @param mask `[R / bh, C / bw]`
 * @param block `[bh, bw]`
 * @returns `[R, C]` (the caller disposes it)
 */
export function expandBlockMask(mask: tf.Tensor2D, block: BlockShape): tf.Tensor2D {
  const [gr, gc] = mask.shape;
  const [bh, bw] = block;
  return tf.tidy(() => {
    const m = tf.reshape(mask, [gr, 1, gc, 1]); // [gr, 1, gc, 1]
    return tf.reshape(tf.tile(m, [1, bh, 1, bw]), [gr * bh, gc * bw]) as tf.Tensor2D; // [R, C]
  });
}

/**
 * The L2 norm of each block, `sqrt(sum w^2 + eps)` (eps keeps the gradient finite at a zero block).
 *
 * @param w `[R, C]`
 * @returns `[R / bh, C / bw]` (the caller disposes it)
 */
export function blockNorms(w: tf.Tensor2D, block: BlockShape, eps = 1e-12): tf.Tensor2D {
  const [gr, gc] = checkBlockShape('blockNorms', 'block', block, w.shape);
  return tf.tidy(() => tf.sqrt(tf.add(tf.sum(tf.square(tf.reshape(w, [gr, block[0], gc, block[1]])), [1, 3]), eps)) as tf.Tensor2D);
}
