import * as tf from '@tensorflow/tfjs-core';
import { GroupLinear, initBackend, normal, Parameters, Rng } from '@rimjs/core';

const info = await initBackend('auto'); // native TensorFlow if installed, else wasm, else cpu
console.log(`backend: ${info.name}`);

// Six independent linear maps, one per mechanism, applied in one call.
const params = new Parameters(new Rng(42));
const proj = new GroupLinear(params.scope('proj'), { units: 6, inputSize: 100, outputSize: 64, weightInit: normal({ std: 0.01 }) });
const x = tf.randomNormal([8, 6, 100], 0, 1, 'float32', 7) as tf.Tensor3D; // [batch, units, in]
const y = proj.apply(x); // [batch, units, out] = [8, 6, 64]
console.log(params.names(), params.count(), y.shape);

x.dispose();
y.dispose();
params.dispose(); // the Parameters collection owns the variables
