import * as tf from '@tensorflow/tfjs-core';
import { Parameters, Rng, glorotUniform, normal, zeros } from '@rimjs/core';
import { GruCell, LstmCell, gruStep, lstmStep, type CellWeights } from '@rimjs/cells';
import { BlockPruner, MaskedCell } from '@rimjs/sparse';
import type { Preset, RunSpec } from './presets.js';

/**
 * The experiment model: (embedding) -> one LSTM or GRU layer -> linear head. For sparse methods a
 * {@link BlockPruner} owns block masks over the cell's input and recurrent matrices
 * (`cell.weightIh [inputSize, G*hidden]`, `cell.weightHh [hidden, G*hidden]`); the embedding and
 * head stay dense.
 */
export class SparseRnn {
  readonly params: Parameters;
  readonly cell: LstmCell | GruCell;
  readonly pruner: BlockPruner | null;
  readonly masked: MaskedCell | null;
  readonly embedding: tf.Variable | null;
  readonly wOut: tf.Variable;
  readonly bOut: tf.Variable;

  constructor(
    readonly preset: Preset,
    readonly spec: RunSpec,
    readonly outputs: number,
    seed: number,
  ) {
    this.params = new Parameters(new Rng(seed));
    const { inputSize } = preset;
    const config = { inputSize, hiddenSize: spec.hidden };
    this.cell = preset.cell === 'lstm' ? new LstmCell(this.params.scope('cell'), config) : new GruCell(this.params.scope('cell'), config);
    this.embedding = preset.task === 'kjv' ? this.params.add('embedding', [outputs, inputSize], normal({ std: 0.1 })) : null;
    this.wOut = this.params.add('head.weight', [spec.hidden, outputs], glorotUniform());
    this.bOut = this.params.add('head.bias', [outputs], zeros());
    if (spec.method === 'dense') {
      this.pruner = null;
      this.masked = null;
      return;
    }
    const { steps, schedule: f } = preset;
    const schedule = {
      startItr: Math.round(f.start * steps),
      rampItr: Math.round(f.ramp * steps),
      endItr: Math.round(f.end * steps),
      freq: Math.max(1, Math.round(f.freq * steps)),
    };
    const block = spec.block ?? [16, 16];
    const w = this.cell.weights;
    this.pruner = new BlockPruner(
      this.params.scope('sparse'),
      [
        { name: 'cell.weightIh', weight: w.wIh as tf.Variable, block },
        { name: 'cell.weightHh', weight: w.wHh as tf.Variable, block },
      ],
      {
        schedule,
        prune: spec.method !== 'gl',
        q: spec.q ?? preset.q,
        groupLasso: spec.method === 'bp' ? null : { lambda: spec.lambda ?? 1e-4, during: spec.method === 'gl' ? 'always' : 'pruning' },
      },
    );
    this.masked = new MaskedCell(this.cell, this.pruner, { wIh: 'cell.weightIh', wHh: 'cell.weightHh' });
  }

  /** The cell's weights as the forward pass uses them (masked for sparse methods). */
  private weights(): CellWeights {
    return this.masked ? this.masked.maskedWeights() : this.cell.weights;
  }

  /**
   * Runs the cell over time.
   * @param xs `[time, batch, inputSize]`
   * @returns the hidden states `[time, batch, hidden]`
   */
  run(xs: tf.Tensor3D): tf.Tensor3D {
    return tf.tidy(() => {
      const [time, batch] = xs.shape;
      const w = this.weights();
      let h = tf.zeros([batch, this.spec.hidden]) as tf.Tensor2D;
      let c = h;
      const hs: tf.Tensor2D[] = [];
      const steps = tf.unstack(xs) as tf.Tensor2D[]; // time x [batch, inputSize]
      for (let t = 0; t < time; t++) {
        if (this.preset.cell === 'lstm') ({ h, c } = lstmStep(steps[t]!, h, c, w));
        else ({ h } = gruStep(steps[t]!, h, w));
        hs.push(h);
      }
      return tf.stack(hs) as tf.Tensor3D; // [time, batch, hidden]
    });
  }

  /**
   * Embeds token ids `[batch, time]` to `[time, batch, inputSize]` as `oneHot(ids) @ embedding`
   * (wasm has no kernel for gather's gradient).
   */
  embed(ids: tf.Tensor2D): tf.Tensor3D {
    return tf.tidy(() => {
      const [batch, time] = ids.shape;
      const emb = this.embedding as tf.Tensor2D; // [vocab, inputSize]
      const ids_ = tf.reshape(tf.transpose(ids), [time * batch]) as tf.Tensor1D; // time-major
      const e = tf.matMul(tf.oneHot(ids_, emb.shape[0]) as tf.Tensor2D, emb); // [time*batch, inputSize]
      return tf.reshape(e, [time, batch, emb.shape[1]]) as tf.Tensor3D;
    });
  }

  /** Linear head: `[n, hidden]` -> `[n, outputs]`. */
  head(h: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => tf.add(tf.matMul(h, this.wOut as tf.Tensor2D), this.bOut) as tf.Tensor2D);
  }

  /** The recurrent matrices (dense values, masked) by parameter name, and their block shape. */
  prunedBlocks(): Record<string, readonly [number, number]> {
    if (!this.pruner) return {};
    const b = this.spec.block ?? [16, 16];
    return { 'cell.weightIh': b, 'cell.weightHh': b };
  }

  /** Model tensors without the pruner's masks and stats (what a deployed model stores). */
  modelTensors(): Record<string, tf.Variable> {
    return Object.fromEntries(this.params.entries().filter(([n]) => !n.startsWith('sparse.')));
  }

  /** Parameters of the model (no masks) and those that are not pruned away. */
  counts(): { params: number; nonzero: number; recurrent: number; recurrentNonzero: number } {
    const params = Object.values(this.modelTensors()).reduce((s, v) => s + v.size, 0);
    const w = this.cell.weights;
    const recurrent = w.wIh.size + w.wHh.size;
    const kept = this.pruner ? this.pruner.report().reduce((s, r) => s + r.keptParams, 0) : recurrent;
    return { params, nonzero: params - recurrent + kept, recurrent, recurrentNonzero: kept };
  }

  dispose(): void {
    this.pruner?.dispose();
    this.params.dispose();
  }
}
