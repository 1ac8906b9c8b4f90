import * as tf from '@tensorflow/tfjs-core';

/** The feed-forward activations. */
export type Activation = 'relu' | 'gelu';

/** The activations by name, for config checks. */
export const ACTIVATIONS: readonly Activation[] = ['relu', 'gelu'];

const GELU_C = Math.sqrt(2 / Math.PI);

/**
 * `relu(x) = max(x, 0)`; `gelu(x) = 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3)))` (the tanh
 * approximation; tfjs-core has no GELU op).
 */
export function activate(x: tf.Tensor3D, kind: Activation): tf.Tensor3D {
  if (kind === 'relu') return tf.relu(x);
  const inner = tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), GELU_C);
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1)) as tf.Tensor3D;
}
