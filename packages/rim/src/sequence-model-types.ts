import type * as tf from '@tensorflow/tfjs-core';
import type { Parameters } from '@rimjs/core';
import type { RimCellOptions } from './rim-config.js';
import type { RimEngine } from './rim.js';

/** How a sequence model reads its inputs. */
export type SequenceInput =
  /** int32 tokens `[time, batch]` through an embedding `[vocabSize, embeddingSize]`. */
  | { kind: 'tokens'; vocabSize: number; embeddingSize: number }
  /** float32 values `[time, batch, size]` through a linear projection to `projectionSize` (none when absent). */
  | { kind: 'values'; size: number; projectionSize?: number };

/** Options of one RIM layer in a stack (`inputSize` is filled in by the stack). */
export type RimLayerOptions = Omit<RimCellOptions, 'inputSize'>;

/** Config of {@link createSequenceModel}: the official `RNNModel`'s choices. */
export interface SequenceModelConfig {
  /** `rim`: a stack of RIM layers; `lstm` / `gru`: the dense baseline with the same interface. */
  kind: 'rim' | 'lstm' | 'gru';
  input: SequenceInput;
  /** Size of the decoder's output per step (vocabulary, classes, or 1 for regression). */
  outputSize: number;
  /** Dropout on the embedded input and before the decoder (training only). Default 0. */
  dropout?: number;
  /**
   * Dropout on the embedded input alone (training only), in place of `dropout` there; `dropout`
   * still applies before the decoder. Default `dropout` (the official code: one rate for both).
   */
  embeddingDropout?: number;
  /** `rim`: the layers, bottom first. Default one layer of the `official` preset. */
  layers?: RimLayerOptions[];
  /** `rim`: what the next layer reads: the masked states (default) or all states. */
  layerInput?: 'masked' | 'all';
  /** `rim`: run a second stack over reversed time and concatenate. Default false. */
  bidirectional?: boolean;
  /** `lstm` / `gru`: the state size. Default 600. */
  hidden?: number;
  /** `lstm`: added to the forget-gate bias at init (@rimjs/cells `forgetBias`). Default 0 (PyTorch). */
  forgetBias?: number;
  /** Seed of the weights. */
  seed: number;
}

/** What {@link SequenceModel.forward} returns; the caller disposes both. */
export type SequenceModelOutput = {
  /** The decoder's output at every step `[time, batch, outputSize]`. */
  logits: tf.Tensor3D;
  /** `rim`: which units were active `[time, batch, numUnits]` (first layer; forward direction); else null. */
  masks: tf.Tensor3D | null;
  /**
   * `rim` with `recordAttention`: the first layer's input attention weights (forward direction)
   * `[time, batch, inputHeads, numUnits, 1 + numInputs]`, slot 0 the null slot; else absent.
   */
  inputWeights?: tf.Tensor5D;
};

/** Options of {@link SequenceModel.forward}. */
export interface SequenceForwardOptions {
  /** Whether dropout is active. Default false. */
  training?: boolean;
  /** A non-zero integer seed per call, required when training with dropout. */
  seed?: number;
  /** `rim`: how the RIM layers run (see @rimjs/rim's `RimForwardOptions.engine`); default `fused`. */
  engine?: RimEngine;
  /** `rim`: also return the first layer's input attention weights (runs the composed engine). */
  recordAttention?: boolean;
}

/** Parameter counts of a model. */
export interface ParameterCount {
  /** Scalars rimjs trains (grouped cells: only each unit's own blocks). */
  actual: number;
  /** What the official code would count (its dense block-diagonal cell with the zeros). */
  official: number;
}

/**
 * A model over sequences: input -> (embedding | projection) -> dropout -> RIM layers or an
 * LSTM/GRU -> dropout -> a shared linear decoder. RIM and the baselines share this interface,
 * so trainers compare like with like.
 */
export interface SequenceModel {
  readonly config: SequenceModelConfig;
  /** The model's variables (for optimizers and checkpoints). */
  readonly params: Parameters;
  /**
   * @param inputs int32 `[time, batch]` (tokens) or float32 `[time, batch, size]` (values)
   * @param options `training` enables dropout and then needs `seed` (a non-zero integer per call)
   */
  forward(inputs: tf.Tensor, options?: SequenceForwardOptions): SequenceModelOutput;
  parameterCount(): ParameterCount;
  /** Frees every variable. */
  dispose(): void;
}
