import * as tf from '@tensorflow/tfjs-core';
import { Parameters, Rng } from '@rimjs/core';
import { SequentialMnist, npmMnistSplits } from '@rimjs/datasets';
import { parameterMatchedTransformer, TimEncoder, type TimEncoderConfig } from '@rimjs/tim';
import type { ExperimentPreset } from './presets.js';
import { crossEntropy, trainEncoder, type TokenBatch } from './train-encoder.js';

const START = 2;

/** Time-major `[time, batch]` pixels -> batch-major autoregressive tokens `[start, p_0..p_{T-2}]` and targets `p_0..p_{T-1}`. */
function autoregressive(pixels: Int32Array, time: number, batch: number): TokenBatch {
  const tokens = new Int32Array(batch * time); // [batch, time]
  const targets = new Int32Array(batch * time); // [batch, time]
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < time; t++) {
      const p = pixels[t * batch + b]!;
      targets[b * time + t] = p;
      if (t + 1 < time) tokens[b * time + t + 1] = p;
    }
    tokens[b * time] = START;
  }
  return { tokens, targets, batch, time };
}

/** One model: train, then bits per pixel on held-out digits. */
async function run(label: string, config: TimEncoderConfig, p: ExperimentPreset, train: SequentialMnist, test: SequentialMnist, seed: number) {
  const encoder = new TimEncoder(new Parameters(new Rng(seed)).scope(label), config);
  const parameters = encoder.params.count();
  console.log(`${label}: ${parameters} parameters, layers [${encoder.config.kinds.join(', ')}], dFF ${config.dFF}`);
  const trainSeconds = await trainEncoder(label, encoder, (step) => {
    const h = train.batchAt(step, p.batchSize, seed);
    return autoregressive(h.inputs.data as Int32Array, train.time, p.batchSize);
  }, p);
  const t0 = performance.now();
  let nats = 0;
  for (let at = 0; at < p.evalSize; at += p.evalChunk) {
    // held-out digits in stored order, chunk by chunk
    const idx = Int32Array.from({ length: Math.min(p.evalChunk, p.evalSize - at) }, (_, i) => at + i);
    const pixels = new Int32Array(test.time * idx.length);
    idx.forEach((k, b) => test.image(k).forEach((v, t) => (pixels[t * idx.length + b] = v)));
    const loss = crossEntropy(encoder, autoregressive(pixels, test.time, idx.length), false);
    nats += (await loss.data())[0]! * idx.length;
    loss.dispose();
  }
  const bitsPerPixel = nats / p.evalSize / Math.LN2;
  const evalSeconds = (performance.now() - t0) / 1000;
  encoder.dispose();
  return { label, parameters, bitsPerPixel, trainSeconds, evalSeconds };
}

/** Pixel-by-pixel MNIST (14 x 14, binarized): TIM vs a parameter-matched Transformer, bits per pixel on held-out digits. */
export async function mnistExperiment(p: ExperimentPreset, seed: number): Promise<void> {
  const { train, test } = npmMnistSplits();
  const trainSet = new SequentialMnist(train, { side: 14 });
  const testSet = new SequentialMnist(test, { side: 14 });
  let on = 0;
  for (let k = 0; k < p.evalSize; k++) on += testSet.image(k).reduce((a, b) => a + b, 0);
  const q = on / (p.evalSize * testSet.time);
  const marginal = -(q * Math.log2(q) + (1 - q) * Math.log2(1 - q));
  console.log(`MNIST 14x14 autoregressive: ${trainSet.size} train digits, ${p.evalSize} held-out test digits, ${testSet.time} pixels each`);
  console.log(`  reference: the held-out pixel marginal (p(on) = ${q.toFixed(3)}) costs ${marginal.toFixed(4)} bits/pixel`);
  const baseline = parameterMatchedTransformer(p.tim);
  const results = [
    await run('tim', p.tim, p, trainSet, testSet, seed),
    await run('transformer', baseline.config, p, trainSet, testSet, seed),
  ];
  console.log(`\nmodel        params  bits/pixel  train s  eval s   (steps ${p.steps}, batch ${p.batchSize}, lr ${p.learningRate}, seed ${seed}, backend ${tf.getBackend()})`);
  for (const r of results) {
    console.log(`${r.label.padEnd(12)} ${String(r.parameters).padStart(6)}  ${r.bitsPerPixel.toFixed(4).padStart(10)}  ${r.trainSeconds.toFixed(1).padStart(7)}  ${r.evalSeconds.toFixed(1).padStart(6)}`);
  }
}
