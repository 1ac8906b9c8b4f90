import * as tf from '@tensorflow/tfjs-core';
import { initBackend, Parameters, Rng } from '@rimjs/core';
import { InputAttention, maskGradient, MultiHeadAttention, topKMask } from '@rimjs/attention';

await initBackend('cpu');
const params = new Parameters(new Rng(42));
const read = new InputAttention(params.scope('input'), { units: 6, querySize: 100, inputSize: 600 });
const comm = new MultiHeadAttention(params.scope('comm'), { units: 6, querySize: 100 });

const h = tf.zeros([64, 6, 100]) as tf.Tensor3D; // [batch, units, hk]: the state at step 0
const x = tf.randomNormal([64, 600], 0, 1, 'float32', 7) as tf.Tensor2D; // [batch, inputSize]
const { output, nullScore, weights } = read.apply(h, x); // [64, 6, 400], [64, 6], [64, 1, 6, 2]
const active = topKMask(nullScore, 4, { largest: false }); // [64, 6]; step 0 ties: units 0..3
const next = comm.apply(maskGradient(h, active)); // output [64, 6, 100], weights [64, 4, 6, 6]
console.log(output.shape, weights.shape, active.arraySync()[0], next.output.shape);

tf.dispose([h, x, output, nullScore, weights, active, next.output, next.weights]);
params.dispose(); // frees both layers' variables
