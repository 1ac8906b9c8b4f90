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

/** Called after `done` training steps (every `every` steps and after the last); its wall time is not counted as training. */
export interface StepHook {
  every: number;
  run: (done: number) => Promise<void>;
}

/**
 * Trains `encoder` with Adam for `steps` steps on `batchAt(step)`; logs the loss every `logEvery`
 * steps and runs `hook` (e.g. an evaluation) every `hook.every` steps. Returns the training wall
 * time in seconds (loss read back every step, so it is real time), without the hook's time.
 */
export async function trainEncoder(
  label: string,
  encoder: TimEncoder,
  batchAt: (step: number) => TokenBatch,
  { steps, learningRate, logEvery = 25 }: { steps: number; learningRate: number; logEvery?: number },
  hook?: StepHook,
): Promise<number> {
  const opt = tf.train.adam(learningRate);
  const vars = encoder.params.trainable();
  const start = performance.now();
  let hookSeconds = 0;
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
    if (hook && ((step + 1) % hook.every === 0 || step + 1 === steps)) {
      const t0 = performance.now();
      await hook.run(step + 1);
      hookSeconds += (performance.now() - t0) / 1000;
    }
  }
  opt.dispose();
  return (performance.now() - start) / 1000 - hookSeconds;
}
