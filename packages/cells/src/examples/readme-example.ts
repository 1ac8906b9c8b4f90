import * as tf from '@tensorflow/tfjs-core';
import { Parameters, Rng } from '@rimjs/core';
import { GroupLstmCell, unroll } from '@rimjs/cells';

await tf.ready();
// 6 independent LSTMs of 32 units each, advanced together (RIMs' "independent dynamics").
const params = new Parameters(new Rng(42));
const cell = new GroupLstmCell(params.scope('rnn'), { units: 6, inputSize: 16, hiddenSize: 32, inputDropout: 0.1 });
const xs = tf.randomNormal([20, 8, 6, 16], 0, 1, 'float32', 7); // [time, batch, units, inputSize]
const s0 = cell.initialState(8); // h, c: [batch, units, hidden] = [8, 6, 32], zeros

const optimizer = tf.train.adam(1e-3);
const rng = new Rng(1); // step t's dropout seed is rng.child(t).seed()
const loss = optimizer.minimize(() => {
  const { outputs } = unroll(cell, xs, s0, { training: true, rng }); // [20, 8, 6, 32]
  return tf.mean(tf.square(outputs)) as tf.Scalar;
}, true, params.trainable());
console.log('loss', loss!.dataSync()[0]);

const { outputs, state } = unroll(cell, xs, s0, { returnSequences: false }); // outputs === state.h: [8, 6, 32]
console.log(outputs.shape, state.c!.shape);
tf.dispose([xs, loss!, s0, state]);
optimizer.dispose();
params.dispose();
