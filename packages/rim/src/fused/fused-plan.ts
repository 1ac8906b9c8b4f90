import type * as tf from '@tensorflow/tfjs-core';
import type { RimCell } from '../rim-cell.js';

/**
 * The sizes and choices of one RIM layer as the fused kernel reads them (see
 * {@link fusedRimSequence}). Names: `K` units, `H` hidden, `G` gates (LSTM 4, GRU 3), input
 * attention `nh` heads of key `dk` and value `V`; communication `ch` heads of key `cdk`, value `cdv`.
 */
export interface FusedPlan {
  K: number;
  H: number;
  G: number;
  lstm: boolean;
  /**
   * Whether a `c` state is carried: LSTM units, or GRU units given a `c` (the official code's
   * `cx`: the cell's output before communication, kept for inactive units).
   */
  carryC: boolean;
  inputSize: number;
  topK: number;
  nh: number;
  dk: number;
  V: number;
  /** Input attention score scale `1 / sqrt(dk)`. */
  scale: number;
  inputDropout: number;
  /** Where the input dropout draws its mask (see RimCellConfig.inputDropoutPer). */
  inputDropoutPer: 'unit' | 'slot';
  maskInactiveGradients: boolean;
  /** Communication, or null without it. */
  comm: null | { ch: number; cdk: number; cdv: number; scale: number; gated: boolean; dropout: number };
}

/** The layer's weights by role; all are variables of the cell (not copies). */
export interface FusedWeights {
  /** Input attention queries `[K, H, nh*dk]`. */
  query: tf.Tensor3D;
  /** Input attention keys per slot `[2, inputSize, nh*dk]` (slot 0, the null slot, is unused: its row is 0). */
  key: tf.Tensor3D;
  /** Input attention values per slot `[2, inputSize, nh*V]`. */
  value: tf.Tensor3D;
  wIh: tf.Tensor3D; // [K, V, G*H]
  wHh: tf.Tensor3D; // [K, H, G*H]
  bIh: tf.Tensor2D; // [K, G*H]
  bHh: tf.Tensor2D; // [K, G*H]
  /** Communication projections `[K, H, ch*cdk]`, `[K, H, ch*cdk]`, `[K, H, ch*cdv]` (absent without communication). */
  cQuery?: tf.Tensor3D;
  cKey?: tf.Tensor3D;
  cValue?: tf.Tensor3D;
  /** Gated output: `fc` and `gate` `[ch*cdv, H]`, `[H]`; residual: `out`. */
  fcW?: tf.Tensor2D;
  fcB?: tf.Tensor1D;
  gateW?: tf.Tensor2D;
  gateB?: tf.Tensor1D;
  outW?: tf.Tensor2D;
  outB?: tf.Tensor1D;
}

/** The order in which the weights enter the fused op (and its gradients leave it). */
export const WEIGHT_ORDER = ['query', 'key', 'value', 'wIh', 'wHh', 'bIh', 'bHh', 'cQuery', 'cKey', 'cValue', 'fcW', 'fcB', 'gateW', 'gateB', 'outW', 'outB'] as const;
export type WeightName = (typeof WEIGHT_ORDER)[number];

/**
 * Why the fused kernel cannot run this cell, or null when it can. The composed path
 * ({@link RimCell.step}) runs every configuration; the fused one covers one input row
 * (`numInputs` 1), communication reading from all units (`commTopK` null), and no dropout on the
 * communication weights.
 */
export function fusedUnsupported(cell: RimCell): string | null {
  const c = cell.config;
  if (c.numInputs !== 1) return `numInputs is ${c.numInputs} (the fused kernel reads one input row)`;
  if (c.commTopK !== null) return `commTopK is ${c.commTopK} (the fused kernel has no sparse communication)`;
  if (cell.communication && cell.communication.config.attentionDropout > 0) return 'the communication attention weights have dropout';
  if (cell.inputAttention.config.bias) return 'the input attention has biases';
  return null;
}

/** The plan of a cell the fused kernel supports (check {@link fusedUnsupported} first). */
export function fusedPlan(cell: RimCell): FusedPlan {
  const c = cell.config;
  const ia = cell.inputAttention.config;
  const mha = cell.communication?.config;
  return {
    K: c.numUnits,
    H: c.hidden,
    G: c.cell === 'lstm' ? 4 : 3,
    lstm: c.cell === 'lstm',
    carryC: c.cell === 'lstm',
    inputSize: c.inputSize,
    topK: c.topK,
    nh: ia.heads,
    dk: ia.keyDim,
    V: ia.valueDim,
    scale: ia.scale,
    inputDropout: c.inputDropout,
    inputDropoutPer: c.inputDropoutPer,
    maskInactiveGradients: c.maskInactiveGradients,
    comm: mha
      ? { ch: mha.heads, cdk: mha.keyDim, cdv: mha.valueDim, scale: mha.scale, gated: mha.output === 'gated', dropout: mha.dropout }
      : null,
  };
}

/** The cell's weights by role (its variables, not copies). */
export function fusedWeights(cell: RimCell): FusedWeights {
  const ia = cell.inputAttention.weights();
  const cw = cell.cell.weights;
  const w: FusedWeights = {
    query: ia['query.weight'] as tf.Tensor3D,
    key: ia['key.weight'] as tf.Tensor3D,
    value: ia['value.weight'] as tf.Tensor3D,
    wIh: cw.wIh,
    wHh: cw.wHh,
    bIh: cw.bIh,
    bHh: cw.bHh,
  };
  if (cell.communication) {
    const m = cell.communication.weights();
    w.cQuery = m['query.weight'] as tf.Tensor3D;
    w.cKey = m['key.weight'] as tf.Tensor3D;
    w.cValue = m['value.weight'] as tf.Tensor3D;
    if (cell.communication.config.output === 'gated') {
      w.fcW = m['fc.weight'] as tf.Tensor2D;
      w.fcB = m['fc.bias'] as tf.Tensor1D;
      w.gateW = m['gate.weight'] as tf.Tensor2D;
      w.gateB = m['gate.bias'] as tf.Tensor1D;
    } else {
      w.outW = m['output.weight'] as tf.Tensor2D;
      w.outB = m['output.bias'] as tf.Tensor1D;
    }
  }
  return w;
}
