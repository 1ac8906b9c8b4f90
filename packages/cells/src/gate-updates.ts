import * as tf from '@tensorflow/tfjs-core';

/**
 * The LSTM update from the summed gate pre-activations, PyTorch's gate order `i, f, g, o`:
 * `c' = sigmoid(f) * c + sigmoid(i) * tanh(g)`, `h' = sigmoid(o) * tanh(c')`.
 * Works for any leading axes (`[batch, ...]`). Call inside a tidy.
 *
 * @param gates `[..., 4 * hidden]`
 * @param c `[..., hidden]`
 */
export function lstmUpdate<T extends tf.Tensor>(gates: tf.Tensor, c: T): { h: T; c: T } {
  const [i, f, g, o] = tf.split(gates, 4, -1); // each [..., hidden]
  const cNew = tf.add(tf.mul(tf.sigmoid(f!), c), tf.mul(tf.sigmoid(i!), tf.tanh(g!))) as T;
  const hNew = tf.mul(tf.sigmoid(o!), tf.tanh(cNew)) as T;
  return { h: hNew, c: cNew };
}

/**
 * The GRU update in PyTorch's reset-after form, gate order `r, z, n`:
 * `r = sigmoid(xr + hr)`, `z = sigmoid(xz + hz)`, `n = tanh(xn + r * hn)`, `h' = (1 - z) * n + z * h`,
 * where `x* = W_i* x + b_i*` and `h* = W_h* h + b_h*`. Call inside a tidy.
 *
 * @param gi `[..., 3 * hidden]` input pre-activations (with `b_ih`)
 * @param gh `[..., 3 * hidden]` recurrent pre-activations (with `b_hh`)
 * @param h `[..., hidden]` the carried state
 */
export function gruUpdate<T extends tf.Tensor>(gi: tf.Tensor, gh: tf.Tensor, h: T): T {
  const [xr, xz, xn] = tf.split(gi, 3, -1); // each [..., hidden]
  const [hr, hz, hn] = tf.split(gh, 3, -1); // each [..., hidden]
  const r = tf.sigmoid(tf.add(xr!, hr!));
  const z = tf.sigmoid(tf.add(xz!, hz!));
  const n = tf.tanh(tf.add(xn!, tf.mul(r, hn!)));
  return tf.add(tf.mul(tf.sub(1, z), n), tf.mul(z, h)) as T;
}
