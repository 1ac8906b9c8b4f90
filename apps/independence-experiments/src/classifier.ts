import * as tf from '@tensorflow/tfjs-core';
import { Parameters, Rng, glorotUniform, zeros } from '@rimjs/core';
import { patchConv, subsample2 } from './patch-conv.js';

/** Width of the classifier's penultimate features (the space of the Frechet distance). */
export const FEATURE_DIM = 32;

/**
 * The in-project classifier whose features score "meaningful" samples (no download):
 * conv3x3 1->8, ReLU, /2 -> conv3x3 8->16, ReLU, /2 -> dense 784->32, ReLU (features) -> dense 32->10.
 */
export class Classifier {
  readonly params: Parameters;
  constructor(seed: number) {
    const p = new Parameters(new Rng(seed));
    p.add('conv0.kernel', [3, 3, 1, 8], glorotUniform());
    p.add('conv0.bias', [8], zeros());
    p.add('conv1.kernel', [3, 3, 8, 16], glorotUniform());
    p.add('conv1.bias', [16], zeros());
    p.add('fc.weight', [7 * 7 * 16, FEATURE_DIM], glorotUniform());
    p.add('fc.bias', [FEATURE_DIM], zeros());
    p.add('out.weight', [FEATURE_DIM, 10], glorotUniform());
    p.add('out.bias', [10], zeros());
    this.params = p;
  }

  /** `x` `[batch, 28, 28, 1]` -> features `[batch, 32]` and logits `[batch, 10]`. */
  forward(x: tf.Tensor4D): { features: tf.Tensor2D; logits: tf.Tensor2D } {
    const p = this.params;
    const [batch] = x.shape;
    const block = (h: tf.Tensor4D, name: string): tf.Tensor4D =>
      subsample2(tf.relu(tf.add(patchConv(h, p.get(`${name}.kernel`) as tf.Tensor4D), p.get(`${name}.bias`))) as tf.Tensor4D);
    const h1 = block(block(x, 'conv0'), 'conv1'); // [b, 7, 7, 16]
    const features = tf.relu(tf.add(tf.matMul(tf.reshape(h1, [batch, 7 * 7 * 16]), p.get('fc.weight')), p.get('fc.bias'))) as tf.Tensor2D; // [b, 32]
    const logits = tf.add(tf.matMul(features, p.get('out.weight')), p.get('out.bias')) as tf.Tensor2D; // [b, 10]
    return { features, logits };
  }

  dispose(): void {
    this.params.dispose();
  }
}
