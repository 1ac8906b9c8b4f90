import * as tf from '@tensorflow/tfjs-core';
import { independencePenalty, spectralDensityRatio, stretchKernel, summarizeSdr } from '@rimjs/independence';
import { initBackend } from '@rimjs/core';

await initBackend('auto'); // native TensorFlow if installed, else wasm, else cpu

export function readmeExample(): string[] {
  const log: string[] = [];
  tf.tidy(() => {
    // what a conv reads ([batch, H, W, Cin]) and its kernel ([kh, kw, Cin, Cout])
    const x = tf.randomNormal([16, 14, 14, 8], 0, 1, 'float32', 1) as tf.Tensor4D;
    const k = tf.randomNormal([3, 3, 8, 4], 0, 0.2, 'float32', 2) as tf.Tensor4D;
    const r = spectralDensityRatio(x, k); // pairs [8, 4], perOutput [4], energy [8, 4], alive [8]
    const s = summarizeSdr(r);
    log.push(`pairs [${r.pairs.shape}], median log10 rho ${s.medianLog10.toFixed(2)}`);
    const k2 = stretchKernel(k, 2, 'linear'); // the intervention: [7, 7, 8, 4]
    log.push(`stretched [${k2.shape}]`);
    const penalty = independencePenalty([{ input: x, kernel: k }]); // add lambda * penalty to the loss
    log.push(`penalty ${penalty.dataSync()[0]! >= 0 ? '>= 0' : '< 0'}`);
  });
  return log;
}
