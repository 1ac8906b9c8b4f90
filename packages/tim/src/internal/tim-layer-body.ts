import * as tf from '@tensorflow/tfjs-core';
import { groupLinear } from '@rimjs/core';
import type { ResolvedTimLayerConfig } from '../tim-layer-config.js';
import { dropout, subSeed } from './dropout.js';
import { feedForward } from './feed-forward.js';
import { groupLayerNorm } from './group-layer-norm.js';
import { mechanismCommunication } from './mechanism-communication.js';
import { mechanismSelfAttention } from './mechanism-self-attention.js';
import type { LayerCall } from './layer-call.js';

const seedOf = (c: LayerCall, label: string): number | undefined => (c.seed === undefined ? undefined : subSeed(c.seed, label));

/**
 * The TIM layer body on the mechanism layout (no checks, no tidy: the callers do both).
 *
 * @param x `[batch*time, ns, dMech]`
 * @returns `h [batch*time, ns, dMech]` and `competition [batch*time, ns]`
 */
export function timLayerBody(
  r: ResolvedTimLayerConfig,
  w: Record<string, tf.Tensor>,
  x: tf.Tensor3D,
  call: LayerCall,
): { h: tf.Tensor3D; competition: tf.Tensor2D } {
  const [rows, ns] = x.shape;
  const { training } = call;
  // 1. competition: one score per mechanism from its own slice, softmax over mechanisms (at temperature tau).
  const scores = groupLinear(x, w['competition.weight'] as tf.Tensor3D, w['competition.bias'] as tf.Tensor2D); // [rows, ns, 1]
  const tau = r.competitionTemperature;
  const logits = tau === 1 ? tf.reshape(scores, [rows, ns]) : tf.div(tf.reshape(scores, [rows, ns]), tau); // [rows, ns]
  const competition = tf.softmax(logits) as tf.Tensor2D; // [rows, ns]
  // 2. mechanism-wise self-attention over positions.
  const a = mechanismSelfAttention(x, w, {
    batch: call.batch,
    time: call.time,
    ns,
    headsPerMechanism: r.headsPerMechanism,
    mask: call.mask,
    attentionDropout: r.attentionDropout,
    training,
    seed: seedOf(call, 'attention.weights'),
  }); // [rows, ns, dMech]
  // 3. the update scaled by the competition, then a layer norm per mechanism.
  const scaled = tf.mul(dropout(a, r.dropout, training, call.seed, 'attention'), tf.reshape(competition, [rows, ns, 1])); // [rows, ns, dMech]
  let h = groupLayerNorm(tf.add(x, scaled) as tf.Tensor3D, w['norm1.gain']!, w['norm1.bias']!, r.normEpsilon); // [rows, ns, dMech]
  // 4. inter-mechanism attention at each position.
  if (r.communication) {
    const m = mechanismCommunication(h, w, {
      heads: r.commHeads,
      keyDim: r.commKeyDim,
      attentionDropout: r.attentionDropout,
      training,
      seed: seedOf(call, 'communication.weights'),
    }); // [rows, ns, dMech]
    const mixed = tf.add(h, dropout(m, r.dropout, training, call.seed, 'communication')) as tf.Tensor3D; // [rows, ns, dMech]
    h = groupLayerNorm(mixed, w['norm2.gain']!, w['norm2.bias']!, r.normEpsilon);
  }
  // 5. per-mechanism feed-forward.
  const f = feedForward(h, w, r.activation); // [rows, ns, dMech]
  const out = tf.add(h, dropout(f, r.dropout, training, call.seed, 'ffn')) as tf.Tensor3D; // [rows, ns, dMech]
  return { h: groupLayerNorm(out, w['norm3.gain']!, w['norm3.bias']!, r.normEpsilon), competition };
}
