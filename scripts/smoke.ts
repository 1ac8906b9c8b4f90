// The main job until the trainer exists: start the best backend and run a RIM-free smoke
// computation (GroupLinear at RIM size against its reference).
import * as tf from '@tensorflow/tfjs-core';
import { groupLinear, groupLinearReference, initBackend, defaultGroupLinearStrategy, Rng } from '@rimjs/core';

const info = await initBackend(process.argv[2] ?? 'auto');
console.log(`backend: ${info.name} (${info.reason})`);
const rng = new Rng(0);
const x = tf.randomNormal([64, 6, 100], 0, 1, 'float32', rng.seed()) as tf.Tensor3D;
const w = tf.randomNormal([6, 100, 64], 0, 0.1, 'float32', rng.seed()) as tf.Tensor3D;
const t0 = performance.now();
const y = groupLinear(x, w);
await y.data();
const ms = performance.now() - t0;
const ref = groupLinearReference(x, w);
const err = tf.tidy(() => tf.max(tf.abs(tf.sub(y, ref))).dataSync()[0]!);
console.log(
  `smoke: groupLinear [64, 6, 100] x [6, 100, 64] with '${defaultGroupLinearStrategy()}' in ${ms.toFixed(1)} ms, max |fast - reference| = ${err.toExponential(2)}`,
);
if (!(err < 1e-4)) process.exit(1);
