import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@rimjs/core';
import { CopyingTask, copyingAccuracy, copyingCrossEntropy } from '@rimjs/datasets';
import { sequenceMemory, summarizeCensus, type MemoryCensus, type SequenceMemory } from '../analysis/memory-census.js';
import type { CopyingSpec } from '../presets/preset-types.js';
import { evaluateChunks, evaluateSet, exampleOf, type EvalSet } from './eval-set.js';
import { headlineKey } from './metric-keys.js';
import type { EvalPhase, Example, Forward, MaskedForward, TaskRunner, TrainBatch } from './task-runner.js';

/**
 * The copying task for the trainer. Loss: cross-entropy over all steps (the official code's
 * training loss). Metrics per set `<split>.T<delay>` (`split` is `train` at the training delay,
 * `test` elsewhere), with `n = numSymbols` (10 in the paper):
 * `ceAll` (all steps, nats), `ceLast<n>` (the copied symbols: the paper's metric),
 * `accLast<n>` (per-symbol copy accuracy). Evaluation sets are `evaluationSet({ seed: 0 })`.
 * With `trainDelayMin`, training batch `s` has the gap {@link trainDelayAt}`(s, seed)`.
 */
export class CopyingRunner implements TaskRunner {
  readonly spec: CopyingSpec;
  readonly headline: string;
  /** The training tasks by gap (one unless `trainDelayMin` is set). */
  private readonly train = new Map<number, CopyingTask>();
  private readonly sets = new Map<string, EvalSet>();

  constructor(spec: CopyingSpec) {
    this.spec = spec;
    this.headline = headlineKey(spec);
  }

  private task(delay: number): CopyingTask {
    return new CopyingTask({ delay, numSymbols: this.spec.numSymbols, symbolRange: this.spec.symbolRange });
  }

  /**
   * The gap of training batch `step`: `trainDelay`, or with `trainDelayMin` a uniform integer in
   * `[trainDelayMin, trainDelay]` drawn by `new Rng(seed).child('delay').child(step)`.
   */
  trainDelayAt(step: number, seed: number): number {
    const { trainDelay: max, trainDelayMin: min } = this.spec;
    return min === undefined ? max : min + new Rng(seed).child('delay').child(step).int(max - min + 1);
  }

  trainBatch(step: number, batchSize: number, seed: number): TrainBatch {
    const delay = this.trainDelayAt(step, seed);
    let task = this.train.get(delay);
    if (!task) this.train.set(delay, (task = this.task(delay)));
    const b = task.toTensors(task.batchAt(step, batchSize, seed));
    return { inputs: b.inputs, targets: b.targets };
  }

  loss(logits: tf.Tensor3D, targets: tf.Tensor): tf.Scalar {
    return copyingCrossEntropy(logits, targets as tf.Tensor2D);
  }

  private set(delay: number, size: number): EvalSet {
    const name = `${delay === this.spec.trainDelay ? 'train' : 'test'}.T${delay}`;
    const cached = this.sets.get(name);
    if (cached && cached.size >= size) return cached;
    if (cached) tf.dispose([cached.inputs, cached.targets]);
    const { inputs, targets } = this.task(delay).evaluationSet({ size, seed: 0 });
    const set = { name, inputs, targets, targetAxis: 1, size };
    this.sets.set(name, set);
    return set;
  }

  private delays(phase: EvalPhase): number[] {
    const list = [this.spec.trainDelay, this.spec.testDelay, ...(phase === 'ood' ? this.spec.oodDelays : [])];
    return [...new Set(list)].sort((a, b) => a - b);
  }

  /** The metrics of one chunk of copying sequences: `ceLast<n>`, `ceAll`, `accLast<n>`. */
  private metrics(logits: tf.Tensor3D, targets: tf.Tensor): Record<string, tf.Scalar> {
    const n = this.spec.numSymbols;
    const y = targets as tf.Tensor2D;
    const acc = copyingAccuracy(logits, y, { lastSteps: n });
    tf.dispose([acc.perStep, acc.perSequence]);
    return {
      [`ceLast${n}`]: copyingCrossEntropy(logits, y, { lastSteps: n }),
      ceAll: copyingCrossEntropy(logits, y),
      [`accLast${n}`]: acc.perSymbol,
    };
  }

  evaluate(forward: Forward, { phase, size, batch }: { phase: EvalPhase; size: number; batch: number }): Record<string, number> {
    return Object.assign({}, ...this.delays(phase).map((d) => evaluateSet(forward, this.set(d, size), size, batch, (l, y) => this.metrics(l, y))));
  }

  evaluateWithCensus(forward: MaskedForward, { size, batch }: { size: number; batch: number }): { metrics: Record<string, number>; census: MemoryCensus[] | null } {
    const n = this.spec.numSymbols;
    const metrics: Record<string, number> = {};
    const census: MemoryCensus[] = [];
    let masked = true;
    for (const delay of this.delays('ood')) {
      const records: Array<SequenceMemory & { copied: number }> = [];
      Object.assign(metrics, evaluateChunks(this.set(delay, size), size, batch, (x, y, b) => {
        const { logits, masks } = forward(x);
        if (!masks) masked = false;
        else {
          const time = logits.shape[0];
          const hit = tf.equal(tf.argMax(tf.slice(logits, [time - n, 0, 0], [n, -1, -1]), 2), tf.slice(y, [time - n, 0], [n, -1])); // [n, b]
          const units = masks.shape[2];
          const active = masks.dataSync(); // [time, b, units]
          const copied = tf.sum(tf.cast(hit, 'int32'), 0).dataSync(); // [b]: symbols copied
          for (let i = 0; i < b; i++) {
            records.push({ ...sequenceMemory((t, u) => active[(t * b + i) * units + u]! > 0.5, n, delay, units), copied: copied[i]! });
          }
        }
        return this.metrics(logits, y);
      }));
      if (masked) census.push(summarizeCensus(delay, n, records));
    }
    return { metrics, census: masked ? census : null };
  }

  example(which: 'train' | 'test'): Example {
    const delay = which === 'train' ? this.spec.trainDelay : this.spec.testDelay;
    return { inputs: exampleOf(this.set(delay, 1)), caption: `copying T = ${delay}, evaluation example 0` };
  }

  dispose(): void {
    for (const s of this.sets.values()) tf.dispose([s.inputs, s.targets]);
    this.sets.clear();
  }
}
