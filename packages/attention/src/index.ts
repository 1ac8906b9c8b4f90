// @rimjs/attention: the attention pieces of RIMs, BRIMs, TIM, shared-workspace models and AIM.
// This file is the package's only public door.
export {
  scaledDotProductAttention,
  type ScaledDotProductAttentionOptions,
  type AttentionResult,
} from './scaled-dot-product-attention.js';
export {
  MultiHeadAttention,
} from './multi-head-attention.js';
export {
  multiHeadAttentionStep,
  type MultiHeadAttentionWeights,
  type MultiHeadAttentionOptions,
  type MultiHeadAttentionResult,
} from './multi-head-attention-step.js';
export {
  resolveMultiHeadAttentionConfig,
  multiHeadAttentionParamShapes,
  type MultiHeadAttentionConfig,
  type ResolvedMultiHeadAttentionConfig,
  type ProjectionKind,
  type OutputKind,
} from './multi-head-attention-config.js';
export { InputAttention } from './input-attention.js';
export {
  inputAttentionStep,
  type InputAttentionWeights,
  type InputAttentionResult,
  type InputSlots,
} from './input-attention-step.js';
export {
  resolveInputAttentionConfig,
  inputAttentionParamShapes,
  type InputAttentionConfig,
  type ResolvedInputAttentionConfig,
  type KeyValueKind,
} from './input-attention-config.js';
export { topKMask, type TopKMaskOptions } from './top-k-mask.js';
export { sparseTopKAttention, type SparseTopKMethod, type SparseTopKOptions } from './sparse-top-k-attention.js';
export type { DropoutOptions } from './internal/dropout.js';
/**
 * Identity forward; backward, the gradient is multiplied by `mask` (`[batch, units]` against
 * `[batch, units, hidden]`): the official RIM `blocked_grad`, applied to the new states before
 * the communication. Re-exported from `@rimjs/core`.
 */
export { maskGradient } from '@rimjs/core';
