import * as tf from '@tensorflow/tfjs-core';
import { assertShape, constant, type Parameters, zeros } from '@rimjs/core';

/** The weights of {@link prototypeLogits}: `diag [featureSize]` (init 1), `scale [1]` (init 10), `bias [1]` (init 0). */
export type PrototypeHeadWeights = { readonly diag: tf.Tensor; readonly scale: tf.Tensor; readonly bias: tf.Tensor };

/**
 * Creates the weights of a cosine-prototype head in `params` (`diag`, `scale`, `bias`).
 * @example
 * const head = createPrototypeHead(params.scope('head'), 128);
 */
export function createPrototypeHead(params: Parameters, featureSize: number): PrototypeHeadWeights {
  return {
    diag: params.add('diag', [featureSize], constant(1)),
    scale: params.add('scale', [1], constant(10)),
    bias: params.add('bias', [1], zeros()),
  };
}

/**
 * The episode classifier: SIB's (Hu et al. 2020) initial classifier, i.e. SIB with zero
 * synthetic-gradient steps, a cosine-prototype head. Features are L2-normalised; each class's
 * prototype is the mean of its normalised support features times a learned diagonal; a query's
 * logit for class c is `scale * (cos(f, theta_c) + bias)`.
 *
 * @param support `[s, d]` support features
 * @param supportLabels `[s]` int32 labels in `[0, nWay)`
 * @param query `[q, d]` features to classify
 * @returns `[q, nWay]` logits
 * @throws ShapeError on mismatched shapes.
 */
export function prototypeLogits(
  w: PrototypeHeadWeights,
  support: tf.Tensor2D,
  supportLabels: tf.Tensor1D,
  query: tf.Tensor2D,
  nWay: number,
): tf.Tensor2D {
  const where = 'prototypeLogits';
  const [s, d] = assertShape(where, 'support', support, [['s', null], ['d', w.diag.shape[0]!]]) as [number, number];
  assertShape(where, 'supportLabels', supportLabels, [['s', s]]);
  assertShape(where, 'query', query, [['q', null], ['d', d]]);
  return tf.tidy(() => {
    const unit = (t: tf.Tensor2D) => tf.mul(t, tf.rsqrt(tf.maximum(tf.sum(tf.square(t), 1, true), 1e-24))) as tf.Tensor2D;
    const hot = tf.oneHot(supportLabels, nWay).toFloat(); // [s, nWay]
    const sums = tf.matMul(hot, unit(support), true, false); // [nWay, d]
    const theta = tf.mul(tf.div(sums, tf.maximum(tf.sum(hot, 0).expandDims(1), 1)), w.diag) as tf.Tensor2D; // [nWay, d]
    const cos = tf.matMul(unit(query), unit(theta), false, true); // [q, nWay]
    return tf.mul(w.scale, tf.add(cos, w.bias)) as tf.Tensor2D;
  });
}
