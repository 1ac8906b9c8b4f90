import * as tf from '@tensorflow/tfjs-core';
import { Parameters, Rng, glorotUniform, zeros } from '@rimjs/core';
import { stretchKernel, type PenaltyTerm, type StretchMode } from '@rimjs/independence';
import { patchConv, subsample2 } from './patch-conv.js';

/** Sizes of the convolutional VAE (see the README for the architecture). */
export interface VaeSizes {
  /** Latent dimension. */
  readonly latent: number;
  /** Channels of the decoder's 7x7 map and of its three convolutions' inputs: [c0, c1, c2]. */
  readonly channels: readonly [number, number, number];
}

/** An intervention on one decoder convolution: its kernel stretched by `s`. */
export interface Stretch {
  /** Which decoder convolution, 0..2 (conv0 reads 14x14, conv1 and conv2 28x28). */
  readonly layer: number;
  readonly s: number;
  readonly mode: StretchMode;
}

/** The decoder's three convolutions in order, and the maps they read. */
export const DECODER_CONVS = ['dec.conv0', 'dec.conv1', 'dec.conv2'] as const;

/**
 * A small convolutional VAE on 28x28 grey images.
 * Encoder: conv3x3 16, keep every 2nd pixel -> conv3x3 32, same -> dense to (mu, logvar) `[batch, latent]`.
 * Decoder (the generator studied): dense -> 7x7xc0, ReLU; nearest x2 -> conv3x3 c0->c1, ReLU;
 * nearest x2 -> conv3x3 c1->c2, ReLU; conv3x3 c2->1, sigmoid. Every conv is stride 1 'same', so
 * each is a plain filter of the map it reads, and the SDR is measured on that (upsampled) map.
 * Convolutions are {@link patchConv} (im2col), which trains on wasm too.
 */
export class ConvVae {
  readonly params: Parameters;
  constructor(readonly sizes: VaeSizes, seed: number) {
    const [c0, c1, c2] = sizes.channels;
    const p = new Parameters(new Rng(seed));
    p.add('enc.conv0.kernel', [3, 3, 1, 16], glorotUniform());
    p.add('enc.conv0.bias', [16], zeros());
    p.add('enc.conv1.kernel', [3, 3, 16, 32], glorotUniform());
    p.add('enc.conv1.bias', [32], zeros());
    p.add('enc.out.weight', [7 * 7 * 32, 2 * sizes.latent], glorotUniform());
    p.add('enc.out.bias', [2 * sizes.latent], zeros());
    p.add('dec.in.weight', [sizes.latent, 7 * 7 * c0], glorotUniform());
    p.add('dec.in.bias', [7 * 7 * c0], zeros());
    p.add('dec.conv0.kernel', [3, 3, c0, c1], glorotUniform());
    p.add('dec.conv0.bias', [c1], zeros());
    p.add('dec.conv1.kernel', [3, 3, c1, c2], glorotUniform());
    p.add('dec.conv1.bias', [c2], zeros());
    p.add('dec.conv2.kernel', [3, 3, c2, 1], glorotUniform());
    p.add('dec.conv2.bias', [1], zeros());
    this.params = p;
  }

  /** `x` `[batch, 28, 28, 1]` -> mu, logvar `[batch, latent]`. */
  encode(x: tf.Tensor4D): { mu: tf.Tensor2D; logvar: tf.Tensor2D } {
    const p = this.params;
    const [batch] = x.shape;
    const h0 = tf.relu(tf.add(subsample2(patchConv(x, p.get('enc.conv0.kernel') as tf.Tensor4D)), p.get('enc.conv0.bias'))); // [b, 14, 14, 16]
    const h1 = tf.relu(tf.add(subsample2(patchConv(h0 as tf.Tensor4D, p.get('enc.conv1.kernel') as tf.Tensor4D)), p.get('enc.conv1.bias'))); // [b, 7, 7, 32]
    const out = tf.add(tf.matMul(tf.reshape(h1, [batch, 7 * 7 * 32]), p.get('enc.out.weight')), p.get('enc.out.bias')); // [b, 2 latent]
    const [mu, logvar] = tf.split(out, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
    return { mu, logvar };
  }

  /**
   * `z` `[batch, latent]` -> logits `[batch, 28, 28, 1]`, and the three decoder convs as
   * `{ input, kernel }` (inputs `[batch, 14|28|28, 14|28|28, c]`) for the SDR and the penalty;
   * `stretch` replaces one conv's kernel by its stretched copy (the intervention).
   */
  decodeLogits(z: tf.Tensor2D, stretch?: Stretch): { logits: tf.Tensor4D; convs: PenaltyTerm[] } {
    const p = this.params;
    const [batch] = z.shape;
    const c0 = this.sizes.channels[0];
    const kernel = (l: number): tf.Tensor4D => {
      const k = p.get(`${DECODER_CONVS[l]}.kernel`) as tf.Tensor4D;
      return stretch && stretch.layer === l ? stretchKernel(k, stretch.s, stretch.mode) : k;
    };
    const conv = (x: tf.Tensor4D, l: number): tf.Tensor4D => tf.add(patchConv(x, kernel(l)), p.get(`${DECODER_CONVS[l]}.bias`));
    const h = tf.relu(tf.reshape(tf.add(tf.matMul(z, p.get('dec.in.weight')), p.get('dec.in.bias')), [batch, 7, 7, c0])) as tf.Tensor4D; // [b, 7, 7, c0]
    const in0 = tf.image.resizeNearestNeighbor(h, [14, 14]); // [b, 14, 14, c0]
    const h0 = tf.relu(conv(in0, 0)); // [b, 14, 14, c1]
    const in1 = tf.image.resizeNearestNeighbor(h0, [28, 28]); // [b, 28, 28, c1]
    const h1 = tf.relu(conv(in1, 1)); // [b, 28, 28, c2]
    const logits = conv(h1, 2); // [b, 28, 28, 1]
    return { logits, convs: [in0, in1, h1].map((input, l) => ({ input, kernel: kernel(l) })) };
  }

  /** `z` `[batch, latent]` -> images `[batch, 28, 28, 1]` in (0, 1) (see {@link decodeLogits}). */
  decode(z: tf.Tensor2D, stretch?: Stretch): tf.Tensor4D {
    return tf.tidy(() => tf.sigmoid(this.decodeLogits(z, stretch).logits));
  }

  dispose(): void {
    this.params.dispose();
  }
}
