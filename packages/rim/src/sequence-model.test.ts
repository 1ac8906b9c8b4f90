import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, Rng } from '@rimjs/core';
import { expectNoLeak, useBackend } from '@rimjs/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSequenceModel } from './sequence-model.js';
import type { SequenceModelConfig } from './sequence-model-types.js';

const input = { kind: 'tokens', vocabSize: 5, embeddingSize: 12 } as const;
const rimConfig: SequenceModelConfig = {
  kind: 'rim',
  input,
  outputSize: 5,
  dropout: 0.1,
  layers: [{ numUnits: 4, topK: 2, hidden: 8, inputKeySize: 8, commKeySize: 4, commValueSize: 4 }],
  seed: 3,
};

function tokens(time: number, batch: number, seed: number): tf.Tensor2D {
  const r = new Rng(seed);
  return tf.tensor2d(Int32Array.from({ length: time * batch }, () => r.int(5)), [time, batch], 'int32');
}

describe('createSequenceModel', () => {
  beforeAll(() => useBackend('wasm'));

  it('maps tokens to per-step logits and reports the active units', () => {
    const m = createSequenceModel(rimConfig);
    const { logits, masks } = m.forward(tokens(6, 3, 1));
    expect(logits.shape).toEqual([6, 3, 5]);
    expect(masks!.shape).toEqual([6, 3, 4]);
    expect(tf.sum(masks!, 2).dataSync().every((v) => v === 2)).toBe(true);
    m.dispose();
  });

  it('records the input attention on request: rows sum to 1, the active units attend least to null, same logits', () => {
    const m = createSequenceModel(rimConfig);
    const x = tokens(7, 3, 2);
    const plain = m.forward(x);
    expect(plain.inputWeights).toBeUndefined();
    const rec = m.forward(x, { recordAttention: true });
    const w = rec.inputWeights!;
    expect(w.shape).toEqual([7, 3, 1, 4, 2]); // [time, batch, heads, units, null + input]
    const sums = tf.sum(w, 4).dataSync();
    expect(Math.max(...Array.from(sums, (v) => Math.abs(v - 1)))).toBeLessThan(1e-5);
    // the topK units with the smallest null weight are the active ones (no ties in random data)
    const nullW = w.arraySync() as number[][][][][];
    const masks = rec.masks!.arraySync() as number[][][];
    for (let t = 0; t < 7; t++) {
      for (let b = 0; b < 3; b++) {
        const order = [0, 1, 2, 3].sort((i, j) => nullW[t]![b]![0]![i]![0]! - nullW[t]![b]![0]![j]![0]!);
        expect(order.slice(0, 2).sort()).toEqual([0, 1, 2, 3].filter((k) => masks[t]![b]![k] === 1));
      }
    }
    expect(tf.max(tf.abs(tf.sub(rec.logits, plain.logits))).dataSync()[0]).toBeLessThan(1e-5);
    tf.dispose([x, plain.logits, plain.masks!, rec.logits, rec.masks!, w]);
    m.dispose();
  });

  it('LSTM and GRU baselines have the same interface, values input with a projection too', () => {
    for (const kind of ['lstm', 'gru'] as const) {
      const m = createSequenceModel({ kind, input: { kind: 'values', size: 2, projectionSize: 7 }, outputSize: 1, hidden: 9, seed: 1 });
      const { logits, masks } = m.forward(tf.ones([4, 3, 2]));
      expect(logits.shape).toEqual([4, 3, 1]);
      expect(masks).toBeNull();
      // LSTM: 4 gates x (7 in + 9 hidden + 2 biases) x 9; GRU: 3 gates; projection 2x7+7; decoder 9+1.
      const cell = (kind === 'lstm' ? 4 : 3) * 9 * (7 + 9 + 2);
      expect(m.parameterCount()).toEqual({ actual: cell + 21 + 10, official: cell + 21 + 10 });
      m.dispose();
    }
  });

  it('counts the grouped parameters and what the official dense block-diagonal cell would hold', () => {
    const m = createSequenceModel({ ...rimConfig, layers: [{ numUnits: 6, topK: 4, hidden: 100 }], input: { ...input, embeddingSize: 600 }, seed: 1 });
    const { actual, official } = m.parameterCount();
    expect(actual).toBe(m.params.count());
    // Dense LSTM over 6 units: weight_ih [2400, 2400], weight_hh [2400, 600]; grouped keeps 1/6 of each.
    const dense = 2400 * 2400 + 2400 * 600;
    const unused = 400 * 400 + 400 + 800 + 200; // inp_att.gate_fc, inp_att.ln, mha.ln
    expect(official - actual).toBe(dense - dense / 6 + unused);
    m.dispose();
  });

  it.each(['fused', 'composed'] as const)('trains (%s engine): the loss falls over Adam steps; same seed, same losses', async (engine) => {
    const run = () => {
      const m = createSequenceModel(rimConfig);
      const opt = tf.train.adam(0.02);
      const x = tokens(5, 8, 9);
      const y = tf.oneHot(x, 5); // learn to echo the input
      const losses: number[] = [];
      for (let step = 0; step < 40; step++) {
        const loss = opt.minimize(
          () => tf.losses.softmaxCrossEntropy(y, m.forward(x, { training: true, seed: step + 1, engine }).logits) as tf.Scalar,
          true,
          m.params.trainable(),
        )!;
        losses.push(loss.dataSync()[0]!);
        loss.dispose();
      }
      opt.dispose();
      m.dispose();
      return losses;
    };
    const a = run();
    expect(a[a.length - 1]!).toBeLessThan(0.5 * a[0]!);
    expect(run()).toEqual(a);
  });

  it('takes a separate embedding dropout: 0 leaves the states exact and drops only before the decoder', () => {
    // An LSTM-4 with an identity decoder: the logits are the (dropped) states themselves.
    const lstm = (extra: Partial<SequenceModelConfig>) => {
      const m = createSequenceModel({ kind: 'lstm', input, outputSize: 4, hidden: 4, seed: 2, ...extra });
      m.params.get('decoder.weight').assign(tf.eye(4));
      return m;
    };
    const x = tokens(5, 3, 8);
    const value = (m: ReturnType<typeof lstm>, training: boolean): number[] => {
      const out = m.forward(x, { training, seed: 11 });
      const v = Array.from(out.logits.dataSync());
      out.logits.dispose();
      return v;
    };
    const decoderOnly = lstm({ dropout: 0.5, embeddingDropout: 0 });
    const states = value(decoderOnly, false);
    const dropped = value(decoderOnly, true);
    // every value kept (scaled by 1 / (1 - 0.5)) or zeroed: the states under it are the exact ones
    dropped.forEach((v, i) => expect(v === 0 || Math.abs(v - 2 * states[i]!) < 1e-6).toBe(true));
    expect(dropped.filter((v) => v === 0).length).toBeGreaterThan(10);
    expect(dropped.filter((v) => v !== 0).length).toBeGreaterThan(10);
    // the embedding's own rate: the states change, the decoder's input is not dropped
    const embeddingOnly = lstm({ dropout: 0, embeddingDropout: 0.5 });
    const moved = value(embeddingOnly, true);
    expect(moved.some((v, i) => v !== 0 && Math.abs(v - 2 * states[i]!) > 1e-3 && Math.abs(v - states[i]!) > 1e-3)).toBe(true);
    // the same rate given twice is the official one-rate model, mask for mask
    const both = lstm({ dropout: 0.5 });
    const bothExplicit = lstm({ dropout: 0.5, embeddingDropout: 0.5 });
    expect(value(bothExplicit, true)).toEqual(value(both, true));
    expect(value(both, true)).not.toEqual(dropped);
    expect(() => embeddingOnly.forward(x, { training: true })).toThrow("'options.seed' is required when training with dropout");
    expect(() => createSequenceModel({ ...rimConfig, embeddingDropout: 1 })).toThrow('SequenceModelConfig.embeddingDropout');
    tf.dispose(x);
    for (const m of [decoderOnly, embeddingOnly, both, bothExplicit]) m.dispose();
  });

  it('does not leak and rejects bad configs and inputs', async () => {
    const m = createSequenceModel(rimConfig);
    const x = tokens(4, 2, 5);
    await expectNoLeak(() => {
      const out = m.forward(x, { training: true, seed: 7 });
      tf.dispose([out.logits, out.masks!]);
    });
    expect(() => m.forward(x, { training: true })).toThrow("SequenceModel.forward: 'options.seed' is required when training with dropout");
    expect(() => m.forward(tf.ones([4, 2]))).toThrow("SequenceModel.forward: 'inputs' must be int32 tokens, got float32");
    m.dispose();
    expect(() => createSequenceModel({ ...rimConfig, kind: 'rnn' as 'rim', dropout: 2 })).toThrow(ConfigError);
    expect(() => createSequenceModel({ ...rimConfig, kind: 'rnn' as 'rim', dropout: 2 })).toThrow(/SequenceModelConfig.kind[\s\S]*SequenceModelConfig.dropout/);
    expect(() => createSequenceModel({ ...rimConfig, forgetBias: 1 })).toThrow(
      "SequenceModelConfig.forgetBias: is for the LSTM baseline (RIM layers take it per layer), got 1 with kind 'rim'",
    );
  });
});
