import * as tf from '@tensorflow/tfjs-core';
import { initBackend, Parameters, Rng } from '@rimjs/core';
import { parameterMatchedTransformer, specializationScore, TimEncoder, type TimEncoderConfig } from '@rimjs/tim';

await initBackend('auto'); // native TensorFlow if installed, else wasm, else cpu

export function readmeExample(): string[] {
  // 4 layers (standard, TIM, TIM, standard); the TIM layers hold 4 mechanisms of 16 units.
  const config: TimEncoderConfig = { vocabSize: 16, dModel: 64, ns: 4, outputSize: 16 };
  const params = new Parameters(new Rng(0));
  const tim = new TimEncoder(params, config);
  const tokens = tf.tensor2d([[1, 2, 3, 9, 10, 11], [9, 10, 1, 2, 3, 4]], [2, 6], 'int32'); // [batch, time]
  const next = tf.tidy(() => tf.oneHot(tf.tensor2d([[2, 3, 9, 10, 11, 12], [10, 1, 2, 3, 4, 5]], [2, 6], 'int32'), 16));
  const optimizer = tf.train.adam(1e-3);
  const loss = optimizer.minimize(() => {
    const { logits } = tim.forward(tokens, { causal: true, training: true, seed: 1 }); // [2, 6, 16]
    return tf.losses.softmaxCrossEntropy(next, logits!) as tf.Scalar;
  }, true, params.trainable())!;
  const result = tim.forward(tokens, { causal: true }); // output [2, 6, 64], competition: one [2, 6, 4] per TIM layer
  const source = [0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0]; // which source emitted each token, row-major [batch, time]
  const log = [
    `loss ${loss.dataSync()[0]!.toFixed(3)}, output [${result.output.shape}], competition ${result.competition.map((c) => `[${c.shape}]`).join(' ')}`,
    `I(source; winner) in layer 1: ${specializationScore(source, result.competition[0]!).toFixed(3)} bits`,
    `parameters ${params.count()}, matched Transformer ${parameterMatchedTransformer(config).parameters}`,
  ];
  tf.dispose([tokens, next, loss, result]); // result: output, competition and logits
  optimizer.dispose();
  params.dispose();
  return log;
}
