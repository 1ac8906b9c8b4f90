import * as tf from '@tensorflow/tfjs-core';
import { conv2dIm2col, glorotUniform, zeros, type Parameters } from '@rimjs/core';

/**
 * `[N, h, w, 4c]` -> `[N, 2h, 2w, c]`, equal to `tf.depthToSpace(x, 2)` (which has no gradient in
 * tfjs), as a reshape, a transpose and a reshape.
 */
export function pixelShuffle(x: tf.Tensor4D): tf.Tensor4D {
  const [n, h, w, c4] = x.shape;
  const c = c4 / 4;
  return tf.reshape(tf.transpose(tf.reshape(x, [n, h, w, 2, 2, c]), [0, 1, 3, 2, 4, 5]), [n, 2 * h, 2 * w, c]);
}

/**
 * The frame encoder and decoder of the video model. Shapes with `N` images of `side x side`:
 * ```
 * encode: [N, side*side] -> conv 4x4 /2 (c1), relu -> conv 4x4 /2 (c2), relu -> flatten -> dense (F), relu   [N, F]
 * decode: [N, S] -> dense ((side/4)^2 * c2), relu -> [N, side/4, side/4, c2]
 *         -> conv 3x3 (4 c1) -> pixel shuffle x2, relu -> conv 3x3 (4) -> pixel shuffle x2      logits [N, side*side]
 * ```
 * Convolutions run as `conv2dIm2col` (one matMul each, trainable on wasm); the decoder upsamples by
 * sub-pixel convolution (each conv works at the lower resolution, then `pixelShuffle`), which keeps
 * its patch matrices 4x smaller than upsample-then-convolve. Parameters `encoder.*`, `decoder.*`.
 */
export class FrameCodec {
  readonly side: number;
  private readonly params: Parameters;
  private readonly c1: number;
  private readonly c2: number;

  constructor(params: Parameters, { side, channels, featureSize, stateSize }: { side: number; channels: readonly [number, number]; featureSize: number; stateSize: number }) {
    this.side = side;
    this.params = params;
    [this.c1, this.c2] = channels;
    const q = side / 4;
    params.add('encoder.conv1.weight', [16 * 1, this.c1], glorotUniform());
    params.add('encoder.conv1.bias', [this.c1], zeros());
    params.add('encoder.conv2.weight', [16 * this.c1, this.c2], glorotUniform());
    params.add('encoder.conv2.bias', [this.c2], zeros());
    params.add('encoder.dense.weight', [q * q * this.c2, featureSize], glorotUniform());
    params.add('encoder.dense.bias', [featureSize], zeros());
    params.add('decoder.dense.weight', [stateSize, q * q * this.c2], glorotUniform());
    params.add('decoder.dense.bias', [q * q * this.c2], zeros());
    params.add('decoder.conv1.weight', [9 * this.c2, 4 * this.c1], glorotUniform());
    params.add('decoder.conv1.bias', [4 * this.c1], zeros());
    params.add('decoder.conv2.weight', [9 * this.c1, 4], glorotUniform());
    params.add('decoder.conv2.bias', [4], zeros());
  }

  private p(name: string): tf.Tensor {
    return this.params.get(name);
  }

  /** `[N, side*side]` pixels in [0, 1] -> `[N, featureSize]`. */
  encode(frames: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const n = frames.shape[0];
      const x = tf.reshape(frames, [n, this.side, this.side, 1]) as tf.Tensor4D;
      const h1 = tf.relu(conv2dIm2col(x, this.p('encoder.conv1.weight') as tf.Tensor2D, this.p('encoder.conv1.bias') as tf.Tensor1D, { kernel: [4, 4], stride: 2 }));
      const h2 = tf.relu(conv2dIm2col(h1, this.p('encoder.conv2.weight') as tf.Tensor2D, this.p('encoder.conv2.bias') as tf.Tensor1D, { kernel: [4, 4], stride: 2 }));
      const flat = tf.reshape(h2, [n, -1]) as tf.Tensor2D; // [N, (side/4)^2 * c2]
      return tf.relu(tf.add(tf.matMul(flat, this.p('encoder.dense.weight') as tf.Tensor2D), this.p('encoder.dense.bias'))) as tf.Tensor2D;
    });
  }

  /** `[N, stateSize]` -> next-frame logits `[N, side*side]`. */
  decode(states: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const n = states.shape[0];
      const q = this.side / 4;
      const d = tf.relu(tf.add(tf.matMul(states, this.p('decoder.dense.weight') as tf.Tensor2D), this.p('decoder.dense.bias')));
      const g = tf.reshape(d, [n, q, q, this.c2]) as tf.Tensor4D;
      const c1 = conv2dIm2col(g, this.p('decoder.conv1.weight') as tf.Tensor2D, this.p('decoder.conv1.bias') as tf.Tensor1D, { kernel: [3, 3] });
      const h1 = tf.relu(pixelShuffle(c1)); // [N, side/2, side/2, c1]
      const out = pixelShuffle(conv2dIm2col(h1, this.p('decoder.conv2.weight') as tf.Tensor2D, this.p('decoder.conv2.bias') as tf.Tensor1D, { kernel: [3, 3] })); // [N, side, side, 1]
      return tf.reshape(out, [n, this.side * this.side]) as tf.Tensor2D;
    });
  }
}
