import * as tf from '@tensorflow/tfjs-core';
import { initBackend, Parameters, Rng } from '@rimjs/core';
import { AimLayer, sampleRankPositions } from '@rimjs/aim';

await initBackend('auto'); // native TensorFlow if installed, else wasm, else cpu

export function readmeExample(): string[] {
  // The few-shot AIM of the official CIFAR-FS Conv-4 config, at toy size: 8 mechanisms, top 3.
  const params = new Parameters(new Rng(0));
  const aim = new AimLayer(params.scope('aim'), { variant: 'fewshot', inputSize: 16, numUnits: 8, topK: 3, hiddenSize: 32, keySize: 16, valueSize: 10 });
  const x = tf.randomNormal([4, 16], 0, 1, 'float32', 1) as tf.Tensor2D; // [batch, inputSize]
  const target = tf.randomNormal([4, 10], 0, 1, 'float32', 2); // [batch, valueSize]
  // Training: the stochastic selection (3 of the top 4 rank positions, one draw for the batch).
  const stochastic = { candidates: 4, positions: sampleRankPositions(new Rng(3), 4, 3) };
  const optimizer = tf.train.sgd(0.01);
  const loss = optimizer.minimize(() => tf.losses.meanSquaredError(target, aim.forward(x, { stochastic }).output) as tf.Scalar, true, params.trainable())!;
  // Evaluation: hard top-k.
  const { output, scores, mask, attention } = aim.forward(x); // [4, 10], [4, 8], [4, 8], [4, 8, 2]
  const log = [
    `loss ${loss.dataSync()[0]!.toFixed(4)}, output [${output.shape}], scores [${scores.shape}]`,
    `selected in example 0: ${mask.arraySync()[0]!.flatMap((v, m) => (v === 1 ? [m] : [])).join(', ')}`,
    `parameters ${params.count()}`,
  ];
  tf.dispose([x, target, loss, output, scores, mask, attention!]);
  optimizer.dispose();
  aim.dispose();
  return log;
}
