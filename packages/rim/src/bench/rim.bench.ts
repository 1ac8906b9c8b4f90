// One training step (forward + backward + Adam) of the copying configuration: embedding 600,
// RIM 6 units x 100, topK 4, batch 64, 70 steps, vocabulary 20; and a dense LSTM of 600 units
// on the same data. `pnpm --filter @rimjs/rim bench [cpu|wasm ...] [--runs N]`.
import * as tf from '@tensorflow/tfjs-core';
import { parseArgs } from 'node:util';
import { initBackend, Rng } from '@rimjs/core';
import { createSequenceModel } from '../sequence-model.js';
import type { SequenceModelConfig } from '../sequence-model-types.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { runs: { type: 'string', default: '5' }, warmup: { type: 'string', default: '1' } } });
const backends = positionals.length > 0 ? positionals : ['wasm', 'cpu'];
const runs = Number(values.runs);
const warmup = Number(values.warmup);
const [time, batch, vocab, seed] = [70, 64, 20, 1234];

const input = { kind: 'tokens', vocabSize: vocab, embeddingSize: 600 } as const;
const models: Record<string, SequenceModelConfig> = {
  'rim official 6x100 top4': { kind: 'rim', input, outputSize: vocab, layers: [{ numUnits: 6, topK: 4, hidden: 100 }], seed },
  'rim paper 6x100 top4': { kind: 'rim', input, outputSize: vocab, layers: [{ preset: 'paper', numUnits: 6, topK: 4, hidden: 100 }], seed },
  'lstm 600': { kind: 'lstm', input, outputSize: vocab, hidden: 600, seed },
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

console.log(`training step: time ${time}, batch ${batch}, vocab ${vocab}, embedding 600, seed ${seed}, warmup ${warmup}, runs ${runs}`);
for (const backend of backends) {
  await initBackend(backend);
  const rng = new Rng(seed);
  const tokens = tf.tensor2d(Int32Array.from({ length: time * batch }, () => rng.int(vocab)), [time, batch], 'int32');
  const targets = tf.oneHot(tf.tensor2d(Int32Array.from({ length: time * batch }, () => rng.int(vocab)), [time, batch], 'int32'), vocab);
  for (const [name, config] of Object.entries(models)) {
    const model = createSequenceModel(config);
    const opt = tf.train.adam(1e-3);
    const step = async () => {
      const loss = opt.minimize(() => {
        const { logits, masks } = model.forward(tokens);
        masks?.dispose();
        return tf.losses.softmaxCrossEntropy(targets, logits) as tf.Scalar;
      }, true, model.params.trainable())!;
      await loss.data();
      loss.dispose();
    };
    for (let i = 0; i < warmup; i++) await step();
    const times: number[] = [];
    const before = tf.memory().numTensors;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await step();
      times.push(performance.now() - t0);
    }
    const leaked = tf.memory().numTensors - before;
    console.log(
      `${backend.padEnd(5)} ${name.padEnd(26)} median ${median(times).toFixed(0).padStart(6)} ms  min ${Math.min(...times).toFixed(0).padStart(6)}  max ${Math.max(...times).toFixed(0).padStart(6)}  params ${model.parameterCount().actual}  leaked ${leaked}`,
    );
    opt.dispose();
    model.dispose();
  }
  tokens.dispose();
  targets.dispose();
}
