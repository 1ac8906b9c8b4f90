import * as tf from '@tensorflow/tfjs-core';
import { ShapeError, stopGradient } from '@rimjs/core';

/**
 * Checks that a mask broadcasts to `target` without enlarging it (right-aligned, each
 * dimension 1 or equal).
 * @throws ShapeError naming the function and the argument.
 */
export function assertBroadcastsTo(where: string, arg: string, mask: tf.Tensor, target: readonly number[], targetNames: string): void {
  const offset = target.length - mask.rank;
  const ok = offset >= 0 && mask.shape.every((d, i) => d === 1 || d === target[i + offset]);
  if (!ok) {
    throw new ShapeError(
      `${where}: '${arg}' must broadcast to ${targetNames} = [${target.join(', ')}], got [${mask.shape.join(', ')}]`,
    );
  }
}

/**
 * Softmax over the last axis with optional masks; a row with nothing to attend to is all zeros.
 *
 * `s = scores + additiveMask`, masked entries (`keep` false or 0) set to `-Infinity`, then
 * `w = exp(s - m) / max(sum exp(s - m), 1)` with `m` the row maximum (0 when the row is all
 * `-Infinity`). Whenever any entry is finite, the maximum contributes `exp(0) = 1` to the sum,
 * so this is exactly softmax; when none is, the sum is 0 and the row is 0: never NaN.
 *
 * @param scores `[..., n]`
 * @param keep bool or 0/1 float, broadcastable to `scores`; true/1 = attend
 * @param additive float, broadcastable to `scores`
 * @returns `[..., n]`
 */
export function maskedSoftmax(scores: tf.Tensor, keep?: tf.Tensor, additive?: tf.Tensor): tf.Tensor {
  if (!keep && !additive) return tf.softmax(scores);
  let s = additive ? tf.add(scores, additive) : scores;
  if (keep) {
    const cond = keep.dtype === 'bool' ? keep : tf.notEqual(keep, 0);
    s = tf.where(cond, s, tf.scalar(-Infinity)); // [..., n]
  }
  // Softmax is shift invariant, so the shift carries no gradient.
  const m = stopGradient(tf.max(s, -1, true)); // [..., 1]
  const shift = tf.where(tf.isFinite(m), m, tf.zerosLike(m)); // [..., 1]
  const e = tf.exp(tf.sub(s, shift)); // [..., n]
  const z = tf.sum(e, -1, true); // [..., 1]
  return tf.div(e, tf.maximum(z, 1));
}
