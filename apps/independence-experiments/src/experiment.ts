import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { readJsonIfExists, writeFileAtomic, writeJson, type Progress } from '@rimjs/runkit';
import { Classifier, FEATURE_DIM } from './classifier.js';
import { loadImages, type DatasetName, type ImageSet } from './data.js';
import { featuresOf, priorLatents, scoreSamples, sdrPerLayer, type LayerSdr, type RealStats, type SampleScore } from './evaluate.js';
import { frechetDistance, meanCov } from './frechet-distance.js';
import { classifierLoss, minibatch, vaeLoss } from './losses.js';
import type { Preset } from './presets.js';
import { sampleGridPng } from './sample-grid.js';
import { trainWithCheckpoints } from './train-loop.js';
import { ConvVae, DECODER_CONVS } from './vae.js';

/** The two training modes compared. */
export type Mode = 'normal' | 'enforced';

/** What one (data set, mode, seed) run measured; written to `runs/<id>.json`. */
export interface RunResult {
  readonly dataset: DatasetName;
  readonly mode: Mode;
  readonly seed: number;
  readonly lambda: number;
  readonly trainSec: number;
  readonly testNelbo: number;
  readonly sdrInit: LayerSdr[];
  readonly sdrTrained: LayerSdr[];
  readonly base: SampleScore;
  readonly interventions: Array<SampleScore & { layer: string; s: number; mode: string }>;
}

function stack(set: ImageSet, from: number, to: number): tf.Tensor4D {
  return tf.tensor4d(set.pixels.subarray(from * 784, to * 784), [to - from, 28, 28, 1]);
}

async function trainedClassifier(preset: Preset, out: string, ds: DatasetName, train: ImageSet, test: ImageSet, progress: Progress): Promise<{ classifier: Classifier; accuracy: number }> {
  const classifier = new Classifier(1000);
  await trainWithCheckpoints({
    name: `classifier-${ds}`,
    params: classifier.params,
    loss: (step) => tf.tidy(() => {
      const { x, y } = minibatch(train, preset.batch, 1000, step);
      return classifierLoss(classifier, x, y);
    }),
    steps: preset.classifierSteps,
    lr: preset.lr,
    checkpoint: join(out, `classifier-${ds}.safetensors`),
    checkpointEvery: preset.checkpointEvery,
    identity: { preset: preset.name, dataset: ds, model: 'classifier', steps: preset.classifierSteps, batch: preset.batch, trainImages: preset.trainImages },
    progress,
  });
  const { labels } = featuresOf(classifier, (a, b) => stack(test, a, b), test.count);
  const accuracy = labels.reduce((s, y, i) => s + (y === test.labels[i] ? 1 : 0), 0) / test.count;
  return { classifier, accuracy };
}

function testNelbo(vae: ConvVae, test: ImageSet): number {
  const n = Math.min(test.count, 500);
  return tf.tidy(() => vaeLoss(vae, stack(test, 0, n), 7, 0, 1).nelbo.dataSync()[0]!);
}

async function oneRun(preset: Preset, out: string, ds: DatasetName, mode: Mode, seed: number, data: { train: ImageSet; test: ImageSet }, classifier: Classifier, real: RealStats, progress: Progress): Promise<RunResult> {
  const id = `${ds}-${mode}-s${seed}`;
  const resultPath = join(out, 'runs', `${id}.json`);
  const done = readJsonIfExists<RunResult>(resultPath);
  if (done !== null) return done;
  const lambda = mode === 'enforced' ? preset.lambda : 0;
  const vae = new ConvVae({ latent: preset.latent[ds], channels: preset.channels }, seed);
  const z = priorLatents(preset.evalLatents, preset.latent[ds], 4242);
  const zSdr = tf.slice(z, 0, Math.min(64, preset.evalLatents));
  const sdrInit = sdrPerLayer(vae, zSdr);
  const warm = Math.floor(preset.warmup * preset.vaeSteps);
  const trainSec = await trainWithCheckpoints({
    name: id,
    params: vae.params,
    loss: (step) => tf.tidy(() => {
      const { x } = minibatch(data.train, preset.batch, seed, step);
      return vaeLoss(vae, x, seed * 100003 + step + 1, step < warm ? 0 : lambda, preset.penaltySamples).total;
    }),
    steps: preset.vaeSteps,
    lr: preset.lr,
    checkpoint: join(out, 'runs', `${id}.safetensors`),
    checkpointEvery: preset.checkpointEvery,
    identity: { preset: preset.name, dataset: ds, mode, seed, lambda, warm, steps: preset.vaeSteps, batch: preset.batch, channels: preset.channels, latent: preset.latent[ds] },
    progress,
  });
  const sdrTrained = sdrPerLayer(vae, zSdr);
  const base = scoreSamples(vae, classifier, z, real);
  const grids = join(out, 'grids');
  mkdirSync(grids, { recursive: true });
  const grid = (name: string, make: () => tf.Tensor4D): void => {
    const img = make(); // [32, 28, 28, 1]
    writeFileAtomic(join(grids, `${id}-${name}.png`), sampleGridPng(img.dataSync(), 4, 8));
    img.dispose();
  };
  const first = tf.slice(z, 0, 32);
  grid('samples', () => vae.decode(first));
  const interventions: RunResult['interventions'] = [];
  for (const { s, mode: how } of preset.stretches) {
    for (let layer = 0; layer < DECODER_CONVS.length; layer++) {
      const stretch = { layer, s, mode: how };
      const score = scoreSamples(vae, classifier, z, real, stretch, base.labels);
      interventions.push({ fd: score.fd, labelKept: score.labelKept, layer: DECODER_CONVS[layer]!, s, mode: how });
      grid(`stretch-${DECODER_CONVS[layer]}-${how}${s}`, () => vae.decode(first, stretch));
    }
  }
  const result: RunResult = {
    dataset: ds, mode, seed, lambda, trainSec, testNelbo: testNelbo(vae, data.test), sdrInit, sdrTrained,
    base: { fd: base.fd, labelKept: 1 }, interventions,
  };
  tf.dispose([z, zSdr, first]);
  vae.dispose();
  await writeJson(resultPath, result);
  return result;
}

/** Everything the report needs. */
export interface ExperimentResult {
  readonly preset: Preset;
  readonly classifiers: Record<string, { accuracy: number; realFdSplit: number }>;
  readonly runs: RunResult[];
}

/** Runs (or resumes) a preset: per data set a classifier, then every (mode, seed) VAE run. */
export async function runExperiment(preset: Preset, out: string, progress: Progress): Promise<ExperimentResult> {
  mkdirSync(join(out, 'runs'), { recursive: true });
  const runs: RunResult[] = [];
  const classifiers: ExperimentResult['classifiers'] = {};
  for (const ds of preset.datasets) {
    const data = loadImages(ds, preset.trainImages, preset.testImages);
    const { classifier, accuracy } = await trainedClassifier(preset, out, ds, data.train, data.test, progress);
    const realFeat = featuresOf(classifier, (a, b) => stack(data.test, a, b), data.test.count).features;
    const real = meanCov(realFeat, data.test.count, FEATURE_DIM);
    // the floor of the score: real training images against the real test images, same count as the samples
    const n = Math.min(preset.evalLatents, data.train.count);
    const trainFeat = featuresOf(classifier, (a, b) => stack(data.train, a, b), n).features;
    const tr = meanCov(trainFeat, n, FEATURE_DIM);
    classifiers[ds] = { accuracy, realFdSplit: frechetDistance(tr.mean, tr.cov, real.mean, real.cov) };
    progress.log(`${ds}: classifier test accuracy ${(100 * accuracy).toFixed(1)}%, FD(real train, real test) ${classifiers[ds]!.realFdSplit.toFixed(3)}`);
    for (const seed of preset.seeds) {
      for (const mode of ['normal', 'enforced'] as const) {
        const r = await oneRun(preset, out, ds, mode, seed, data, classifier, real, progress);
        progress.log(`${ds} ${mode} seed ${seed}: test -ELBO ${r.testNelbo.toFixed(1)}, FD ${r.base.fd.toFixed(3)}, train ${r.trainSec.toFixed(0)} s`);
        runs.push(r);
      }
    }
    classifier.dispose();
  }
  return { preset, classifiers, runs };
}
