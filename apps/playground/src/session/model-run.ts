import * as tf from '@tensorflow/tfjs-core';
import { clippedStep, type Parameters } from '@rimjs/core';
import { CopyingTask, copyingAccuracy, copyingCrossEntropy } from '@rimjs/datasets';
import { createSequenceModel, type SequenceModel, type SequenceModelConfig } from '@rimjs/rim';
import type { PlaygroundConfig } from './playground-config.js';
import type { PlaygroundModel, TaskRun } from './task-run.js';

/** One example seen through the model: which units were active and where each unit looked. */
export interface ExampleView {
  /** The example's input tokens `[time]`. */
  inputs: number[];
  /** `[time][unit]`: 1 active, 0 kept its state. */
  active: number[][];
  /** `[time][unit]`: input attention on the input (1 - attention on the null slot), head 0. */
  attention: number[][];
}

/** The sequence model config of `kind` for a playground config (the LSTM carries `units * hidden`). */
export function modelConfig(kind: PlaygroundModel, c: PlaygroundConfig): SequenceModelConfig {
  const task = copyingTask(c);
  const input = { kind: 'tokens', vocabSize: task.vocab, embeddingSize: 16 } as const;
  return kind === 'rim'
    ? { kind: 'rim', input, outputSize: task.vocab, layers: [{ numUnits: c.units, topK: c.topK, hidden: c.hidden }], seed: c.seed }
    : { kind: 'lstm', input, outputSize: task.vocab, hidden: c.units * c.hidden, seed: c.seed };
}

/** The copying task of a playground config (symbols 1..8, marker 9). */
export function copyingTask(c: PlaygroundConfig): CopyingTask {
  return new CopyingTask({ delay: c.delay, numSymbols: c.symbols });
}

/**
 * One model learning the copying task: Adam steps on the same seeded batches as its rival (batch
 * `i` is `task.batchAt(i, batch, seed)`), gradients clipped to norm 1, the loss the official
 * code's (cross-entropy over all steps). Every step runs in `tf.tidy`; `dispose()` frees it all.
 */
export class ModelRun implements TaskRun {
  readonly task = 'copying' as const;
  readonly kind: PlaygroundModel;
  readonly config: PlaygroundConfig;
  readonly model: SequenceModel;
  readonly data: CopyingTask;
  /** Optimizer steps done. */
  steps = 0;
  private optimizer: tf.AdamOptimizer;
  private readonly probe: { inputs: tf.Tensor2D; targets: tf.Tensor2D };

  constructor(kind: PlaygroundModel, config: PlaygroundConfig) {
    this.kind = kind;
    this.config = config;
    this.data = copyingTask(config);
    this.model = createSequenceModel(modelConfig(kind, config));
    this.optimizer = tf.train.adam(config.lr, 0.9, 0.999, 1e-8);
    this.probe = this.data.evaluationSet({ size: 256, seed: 0 });
  }

  /** One optimizer step; returns the batch's loss before the update (nats per step). */
  step(): number {
    const batch = this.data.toTensors(this.data.batchAt(this.steps, this.config.batch, this.config.seed));
    try {
      const v = clippedStep(this.optimizer, () => copyingCrossEntropy(this.model.forward(batch.inputs).logits, batch.targets), this.model.params.trainable(), 1);
      this.steps += 1;
      return v;
    } finally {
      tf.dispose([batch.inputs, batch.targets]);
    }
  }

  get params(): Parameters {
    return this.model.params;
  }

  score(): { value: number; label: string } {
    return { value: this.copyAccuracy(), label: 'copied symbols right' };
  }

  /** Accuracy on the copied symbols of 256 fixed sequences (0.125 is chance with 8 symbols). */
  copyAccuracy(): number {
    return tf.tidy(() => {
      const out = this.model.forward(this.probe.inputs);
      if (out.masks) out.masks.dispose();
      const acc = copyingAccuracy(out.logits, this.probe.targets, { lastSteps: this.config.symbols });
      const v = acc.perSymbol.dataSync()[0]!;
      tf.dispose([acc.perStep, acc.perSequence]);
      return v;
    });
  }

  /** The first probe sequence through the model (RIM only; null for the LSTM). */
  view(): ExampleView | null {
    if (this.kind !== 'rim') return null;
    return tf.tidy(() => {
      const x = tf.slice(this.probe.inputs, [0, 0], [-1, 1]); // [time, 1]
      const out = this.model.forward(x, { recordAttention: true });
      const active = (tf.squeeze(out.masks!, [1]).arraySync() as number[][]).map((r) => r.map((v) => (v > 0.5 ? 1 : 0)));
      // [time, 1, heads, units, 1 + inputs] -> head 0, weight off the null slot: [time, units]
      const w = tf.squeeze(tf.slice(out.inputWeights!, [0, 0, 0, 0, 0], [-1, 1, 1, -1, 1]), [1, 2, 4]);
      const attention = (tf.sub(1, w).arraySync() as number[][]).map((r) => r.map((v) => Math.round(v * 1000) / 1000));
      return { inputs: Array.from(x.dataSync()), active, attention };
    });
  }

  /** Frees the model, the optimizer and the probe set. */
  dispose(): void {
    this.model.dispose();
    this.optimizer.dispose();
    tf.dispose([this.probe.inputs, this.probe.targets]);
  }
}
