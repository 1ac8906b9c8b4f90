import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '@rimjs/core';
const info = await initBackend(process.argv[2] ?? 'wasm');
console.log(info.name);
const C = Number(process.argv[3] ?? 32);
const ws = [1, C, C, C].map((cin, i) => tf.variable(tf.randomNormal([9 * cin, C], 0, Math.sqrt(2 / (9 * cin)), 'float32', i + 1)));
const conv = (h: tf.Tensor4D, w: tf.Tensor): tf.Tensor4D => {
  const [b, hh, ww, c] = h.shape;
  const p = tf.pad(h, [[0, 0], [1, 1], [1, 1], [0, 0]]);
  const cols: tf.Tensor[] = [];
  for (let dy = 0; dy < 3; dy++) for (let dx = 0; dx < 3; dx++) cols.push(tf.slice(p, [0, dy, dx, 0], [b, hh, ww, c]));
  const x = tf.reshape(tf.concat(cols, 3), [b * hh * ww, 9 * c]);
  return tf.reshape(tf.matMul(x, w as tf.Tensor2D), [b, hh, ww, w.shape[1]!]) as tf.Tensor4D;
};
const x = tf.randomUniform([64, 28, 28, 1]);
const f = () => { let h: tf.Tensor4D = x as tf.Tensor4D; ws.forEach((w, i) => { h = tf.relu(conv(h, w)); if (i < 3) h = tf.maxPool(h, 2, 2, 'valid'); }); return tf.mean(h) as tf.Scalar; };
for (let r = 0; r < 2; r++) { const t0 = performance.now(); for (let i = 0; i < 5; i++) tf.tidy(() => { const { value } = tf.variableGrads(f); value.dataSync(); }); console.log('fwd+bwd batch 64', ((performance.now() - t0) / 5).toFixed(1), 'ms'); }
const t1 = performance.now(); for (let i = 0; i < 5; i++) tf.tidy(() => f().dataSync()); console.log('fwd batch 64', ((performance.now() - t1) / 5).toFixed(1), 'ms');
