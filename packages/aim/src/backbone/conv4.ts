import * as tf from '@tensorflow/tfjs-core';
import { assertShape, ConfigCheck, normal, type Parameters, zeros } from '@rimjs/core';
import { conv3x3 } from './conv3x3.js';

/** Config of {@link Conv4}. */
export interface Conv4Config {
  /** Image side (square, one grey channel). */
  side: number;
  /** Channels of every conv layer (64 in the paper's Conv-4-64). */
  channels: number;
  /** 2 x 2 max-pools, after convs `1..pools` (4: every conv; 3: no last pool). */
  pools: number;
}

/**
 * The Conv-4 backbone: 4 x [3 x 3 conv (bias), ReLU, 2 x 2 max-pool], flattened. No batch norm
 * (a CPU-scale simplification; the paper's Conv-4-64 has it). At 28 px with `pools: 3` and 32
 * channels: 28 -> 14 -> 7 -> 3 -> `3 * 3 * 32 = 288` features. Weights He-normal, biases 0.
 *
 * @example
 * const net = new Conv4(params.scope('conv4'), { side: 28, channels: 32, pools: 3 });
 * const f = net.forward(images); // [batch, 288]
 */
export class Conv4 {
  readonly config: Conv4Config;
  /** Size of the flattened output. */
  readonly featureSize: number;
  readonly params: Parameters;
  private readonly vars: tf.Variable[];

  /** @throws ConfigError naming each bad field. */
  constructor(params: Parameters, config: Conv4Config) {
    const c = new ConfigCheck('Conv4Config');
    c.integer('side', config.side, 2).positiveInt('channels', config.channels).integer('pools', config.pools, 0, 4);
    c.throwIfAny();
    let side = config.side;
    for (let i = 0; i < config.pools; i++) side = Math.floor(side / 2);
    new ConfigCheck('Conv4Config').require(side >= 1, 'pools', () => `leaves no pixel of side ${config.side}, got ${config.pools}`).throwIfAny();
    this.config = { ...config };
    this.params = params;
    this.featureSize = side * side * config.channels;
    this.vars = [];
    for (let l = 0; l < 4; l++) {
      const cin = l === 0 ? 1 : config.channels;
      this.vars.push(params.add(`conv${l}.weight`, [9 * cin, config.channels], normal({ std: Math.sqrt(2 / (9 * cin)) })));
      this.vars.push(params.add(`conv${l}.bias`, [config.channels], zeros()));
    }
  }

  /**
   * @param images `[batch, side, side, 1]`
   * @returns `[batch, featureSize]`, a new tensor the caller disposes
   * @throws ShapeError when `images` is not `[batch, side, side, 1]`.
   */
  forward(images: tf.Tensor4D): tf.Tensor2D {
    const s = this.config.side;
    const [batch] = assertShape('Conv4.forward', 'images', images, [['batch', null], ['side', s], ['side', s], ['channels', 1]]);
    return tf.tidy(() => {
      let h = images;
      for (let l = 0; l < 4; l++) {
        h = tf.relu(conv3x3(h, this.vars[2 * l] as tf.Tensor2D, this.vars[2 * l + 1] as tf.Tensor1D)); // [batch, r, r, channels]
        if (l < this.config.pools) h = tf.maxPool(h, 2, 2, 'valid'); // [batch, r / 2, r / 2, channels]
      }
      return tf.reshape(h, [batch!, this.featureSize]) as tf.Tensor2D; // [batch, featureSize]
    });
  }

  /** Frees this network's variables. */
  dispose(): void {
    this.params.dispose();
  }
}
