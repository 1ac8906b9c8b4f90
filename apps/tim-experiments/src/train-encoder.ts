import * as tf from '@tensorflow/tfjs-core';
import type { TimEncoder } from '@rimjs/tim';

/** A training or evaluation batch: `[batch, time]` int32 inputs and next-token targets. */
export interface TokenBatch {
  tokens: Int32Array;
  targets: Int32Array;
  batch: number;
  time: number;
}

/** Mean next-token cross-entropy of the encoder's logits, in nats (a scalar the caller disposes). */
export function crossEntropy(encoder: TimEncoder, b: TokenBatch, training: boolean, seed?: number): tf.Scalar {
  return tf.tidy(() => {
    const x = tf.tensor2d(b.tokens, [b.batch, b.time], 'int32');
    const y = tf.tensor2d(b.targets, [b.batch, b.time], 'int32');
    const { logits } = encoder.forward(x, { causal: true, training, seed });
    return tf.losses.softmaxCrossEntropy(tf.oneHot(y, logits!.shape[2]), logits!) as tf.Scalar;
  });
}

/**
 * Trains `encoder` with Adam for `steps` steps on `batchAt(step)`; logs the loss every `logEvery`
 * steps. Returns the wall time in seconds (loss read back every step, so it is real time).
 */
export async function trainEncoder(
  label: string,
  encoder: TimEncoder,
  batchAt: (step: number) => TokenBatch,
  { steps, learningRate, logEvery = 25 }: { steps: number; learningRate: number; logEvery?: number },
): Promise<number> {
  const opt = tf.train.adam(learningRate);
  const vars = encoder.params.trainable();
  const start = performance.now();
  let recent = 0;
  for (let step = 0; step < steps; step++) {
    const b = batchAt(step);
    const loss = opt.minimize(() => crossEntropy(encoder, b, true, step + 1), true, vars)!;
    recent += (await loss.data())[0]!;
    loss.dispose();
    if ((step + 1) % logEvery === 0 || step + 1 === steps) {
      const n = (step % logEvery) + 1;
      console.log(`  [${label}] step ${step + 1}/${steps}  train loss ${(recent / n).toFixed(4)} nats  ${((performance.now() - start) / 1000).toFixed(1)} s`);
      recent = 0;
    }
  }
  opt.dispose();
  return (performance.now() - start) / 1000;
}
