import * as tf from '@tensorflow/tfjs-core';
import { initBackend, Parameters, Rng } from '@rimjs/core';
import { RimCell } from '@rimjs/rim';

await initBackend('auto');
// Six units of 20, four active per step, reading a 16-dimensional input (official preset).
const params = new Parameters(new Rng(42));
const cell = new RimCell(params, { inputSize: 16, numUnits: 6, topK: 4, hidden: 20 });

const rng = new Rng(7);
let state = cell.initialState(1); // h, c: [batch, units, hidden] = [1, 6, 20]
for (let t = 0; t < 5; t++) {
  const x = tf.randomNormal([1, 16], 0, 1, 'float32', rng.seed()) as tf.Tensor2D; // [batch, inputSize]
  const step = cell.step(x, state);
  const active = Array.from(step.mask.dataSync()).flatMap((m, u) => (m === 1 ? [u] : []));
  console.log(`step ${t}: active units ${active.join(', ')}`);
  tf.dispose([x, state, step.mask, step.inputWeights, step.commWeights!]);
  state = step.state;
}
tf.dispose(state);
params.dispose(); // the cell's variables
