import * as tf from '@tensorflow/tfjs-core';
import type { ResolvedTransformerLayerConfig } from '../transformer-layer-config.js';
import { dropout, subSeed } from './dropout.js';
import { feedForward } from './feed-forward.js';
import { groupLayerNorm } from './group-layer-norm.js';
import { mechanismSelfAttention } from './mechanism-self-attention.js';
import type { LayerCall } from './layer-call.js';

/**
 * The standard post-norm layer body on `[batch*time, 1, dModel]` (one "mechanism"):
 * `h = LN1(x + dropout(MHA(x)))`, `out = LN3(h + dropout(FFN(h)))`. No checks, no tidy.
 *
 * @param x `[batch*time, 1, dModel]`
 * @returns `[batch*time, 1, dModel]`
 */
export function transformerLayerBody(
  r: ResolvedTransformerLayerConfig,
  w: Record<string, tf.Tensor>,
  x: tf.Tensor3D,
  call: LayerCall,
): tf.Tensor3D {
  const { training } = call;
  const a = mechanismSelfAttention(x, w, {
    batch: call.batch,
    time: call.time,
    ns: 1,
    headsPerMechanism: r.heads,
    mask: call.mask,
    attentionDropout: r.attentionDropout,
    training,
    seed: call.seed === undefined ? undefined : subSeed(call.seed, 'attention.weights'),
  }); // [rows, 1, dModel]
  const h1 = tf.add(x, dropout(a, r.dropout, training, call.seed, 'attention')) as tf.Tensor3D; // [rows, 1, dModel]
  const h = groupLayerNorm(h1, w['norm1.gain']!, w['norm1.bias']!, r.normEpsilon); // [rows, 1, dModel]
  const f = feedForward(h, w, r.activation); // [rows, 1, dModel]
  const out = tf.add(h, dropout(f, r.dropout, training, call.seed, 'ffn')) as tf.Tensor3D; // [rows, 1, dModel]
  return groupLayerNorm(out, w['norm3.gain']!, w['norm3.bias']!, r.normEpsilon);
}
