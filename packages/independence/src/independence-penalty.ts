import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, stopGradient } from '@rimjs/core';
import { spectralDensityRatio } from './spectral-density-ratio.js';
import type { SdrOptions } from './sdr-options.js';

/** One convolution of a generator as the penalty sees it. */
export interface PenaltyTerm {
  /** `[batch, H, W, Cin]` what the convolution reads (a few samples of the minibatch suffice). */
  readonly input: tf.Tensor4D;
  /** `[kh, kw, Cin, Cout]` its kernel (stride 1, no dilation). */
  readonly kernel: tf.Tensor4D;
}

/**
 * The independence-enforcing training term (this package's choice; the paper's could not be read):
 *
 *   R = sum_layers sum_ij w_ij (ln rho_ij)^2,   w_ij = <G_ij> / sum_kl <G_kl>  (live pairs, no gradient)
 *
 * It is zero exactly when every pair is spectrally independent (rho = 1) and penalises
 * both directions of dependence alike on a log scale; the weights let the filters that carry the
 * layer's energy count most, and stop the term from shrinking filters to escape it. Add `lambda * R`
 * to the task loss. Gradients reach the kernels and, unless `gradient: 'filter-only'`, the inputs
 * (so the upstream layers too).
 *
 * @param terms the layers, each `{ input [batch, H, W, Cin], kernel [kh, kw, Cin, Cout] }`
 * @returns a scalar (caller disposes)
 * @throws ConfigError when `terms` is empty; as {@link spectralDensityRatio} per term.
 * @example
 * const loss = tf.add(taskLoss, tf.mul(0.1, independencePenalty([{ input: h1, kernel: k1 }])));
 */
export function independencePenalty(terms: readonly PenaltyTerm[], options: SdrOptions = {}): tf.Scalar {
  if (terms.length === 0) throw new ConfigError('independencePenalty: \'terms\' must hold at least one { input, kernel }, got none');
  return tf.tidy(() => {
    const parts = terms.map(({ input, kernel }) => {
      const r = spectralDensityRatio(input, kernel, options);
      const energy = tf.mul(r.energy, tf.reshape(r.alive, [-1, 1])); // [Cin, Cout]
      const w = stopGradient(tf.div(energy, tf.add(tf.sum(energy), 1e-12))); // [Cin, Cout]
      return tf.sum(tf.mul(w, tf.square(tf.log(r.pairs))));
    });
    return tf.addN(parts) as tf.Scalar;
  });
}
