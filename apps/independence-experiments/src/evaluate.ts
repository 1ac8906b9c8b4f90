import * as tf from '@tensorflow/tfjs-core';
import { spectralDensityRatio, summarizeSdr, type SdrSummary } from '@rimjs/independence';
import type { Classifier } from './classifier.js';
import { FEATURE_DIM } from './classifier.js';
import { frechetDistance, meanCov } from './frechet-distance.js';
import { DECODER_CONVS, type ConvVae, type Stretch } from './vae.js';

/** One decoder conv's SDR statistics (see `summarizeSdr`), plus the median of its per-output layer form. */
export interface LayerSdr extends SdrSummary {
  readonly layer: string;
  readonly perOutputMedianLog10: number;
}

/** Fixed prior latents `[n, latent]` (same for every run of a data set). */
export function priorLatents(n: number, latent: number, seed: number): tf.Tensor2D {
  return tf.randomNormal([n, latent], 0, 1, 'float32', seed) as tf.Tensor2D;
}

/** SDR per decoder conv, measured on the maps each conv reads when decoding `z` `[n, latent]`. */
export function sdrPerLayer(vae: ConvVae, z: tf.Tensor2D): LayerSdr[] {
  return tf.tidy(() => {
    const { convs } = vae.decodeLogits(z);
    return convs.map((c, l) => {
      const r = spectralDensityRatio(c.input, c.kernel);
      const s = summarizeSdr(r);
      const per = Array.from(r.perOutput.dataSync()).map(Math.log10).sort((a, b) => a - b);
      return { ...s, layer: DECODER_CONVS[l]!, perOutputMedianLog10: per[Math.floor(per.length / 2)]! };
    });
  });
}

/** Classifier features `[n, 32]` and predicted labels of images `[n, 28, 28, 1]`, in chunks. */
export function featuresOf(classifier: Classifier, images: (from: number, to: number) => tf.Tensor4D, n: number, chunk = 250): { features: Float32Array; labels: Int32Array } {
  const features = new Float32Array(n * FEATURE_DIM);
  const labels = new Int32Array(n);
  for (let from = 0; from < n; from += chunk) {
    const to = Math.min(n, from + chunk);
    const [f, y] = tf.tidy(() => {
      const { features: f, logits } = classifier.forward(images(from, to));
      return [f.dataSync(), tf.argMax(logits, 1).dataSync()];
    });
    features.set(f as Float32Array, from * FEATURE_DIM);
    labels.set(y as Int32Array, from);
  }
  return { features, labels };
}

/** Real-data statistics the generated samples are compared with. */
export interface RealStats {
  readonly mean: Float64Array;
  readonly cov: Float64Array;
}

/** A score of generated samples: Frechet distance to real features, and labels kept vs the unintervened decoder. */
export interface SampleScore {
  readonly fd: number;
  /** Share of latents whose predicted class is the same as without intervention (1 without one). */
  readonly labelKept: number;
}

/** Scores `vae`'s decoding of `z` (optionally with a stretched layer) against `real`. */
export function scoreSamples(vae: ConvVae, classifier: Classifier, z: tf.Tensor2D, real: RealStats, stretch?: Stretch, baseLabels?: Int32Array): SampleScore & { labels: Int32Array } {
  const n = z.shape[0];
  const { features, labels } = featuresOf(classifier, (a, b) => vae.decode(tf.slice(z, a, b - a), stretch), n);
  const { mean, cov } = meanCov(features, n, FEATURE_DIM);
  const fd = frechetDistance(mean, cov, real.mean, real.cov);
  const kept = baseLabels ? labels.reduce((s, y, i) => s + (y === baseLabels[i] ? 1 : 0), 0) / n : 1;
  return { fd, labelKept: kept, labels };
}
