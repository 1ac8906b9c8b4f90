import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { Parameters, Rng } from '@rimjs/core';
import { OmlLearner } from '@rimjs/aim';
import { glyphSplits } from '@rimjs/datasets';
import { createAdam, loadCheckpoint, type Progress, readCheckpoint, writeCheckpoint } from '@rimjs/runkit';
import { backboneFeatures, glyphSet, rows } from './backbone.js';
import type { ContinualPreset } from './presets.js';
import { ResultsStore } from './results-store.js';

/** One arm's meta-test curve for one seed: held-out accuracy at each class count, per class order. */
export interface ContinualResult {
  readonly seed: number;
  readonly arm: string;
  readonly lr: number;
  readonly lrScores: readonly number[];
  readonly schedule: readonly number[];
  /** `[orders][schedule]` */
  readonly accuracy: readonly (readonly number[])[];
  readonly metaSec: number;
}

export const CONTINUAL_ARMS = [
  { arm: 'oml', aim: false, l2: false },
  { arm: 'oml-l2', aim: false, l2: true },
  { arm: 'oml-aim', aim: true, l2: true },
] as const;

/** Runs OML meta-training and the online meta-test for every seed and arm (results in `outDir/continual-results.json`). */
export async function continualExperiment(preset: ContinualPreset, outDir: string, resume: boolean, progress: Progress): Promise<ContinualResult[]> {
  const store = new ResultsStore<ContinualResult>(join(outDir, 'continual-results.json'), resume);
  const { background, evaluation, config } = glyphSplits(preset.glyphs);
  const spc = config.samplesPerClass;
  const numClasses = Math.max(preset.metaTrainClasses, ...preset.schedule);
  const { featureSize: d, features } = await backboneFeatures(glyphSet(background), preset.metaTrainClasses, preset, outDir,
    { background: glyphSet(background), evaluation: glyphSet(evaluation) }, progress);
  const [bgFeats, evFeats] = [features.background!, features.evaluation!];
  for (const seed of preset.seeds) {
    if (CONTINUAL_ARMS.every(({ arm }) => store.get(`seed-${seed}/${arm}`))) continue;
    for (const { arm, aim, l2 } of CONTINUAL_ARMS) {
      if (store.get(`seed-${seed}/${arm}`)) continue;
      const params = new Parameters(new Rng(seed).child(`oml-${arm}`));
      const learner = new OmlLearner(params, {
        featureSize: d, slowSize: preset.slowSize, hidden: preset.hidden, numClasses, aim: aim ? preset.aim : null, l2, candidates: preset.candidates,
      });
      const adam = createAdam(preset.metaLr);
      const path = join(outDir, `seed-${seed}`, `oml-${arm}.safetensors`);
      const format = 'aim-experiments-oml/1';
      const identity = { seed, arm, metaSteps: preset.metaSteps, trajectory: preset.trajectory, randomBatch: preset.randomBatch, innerLr: preset.innerLr, metaLr: preset.metaLr, hidden: preset.hidden, slowSize: preset.slowSize };
      let step = 0;
      if (resume && existsSync(path)) {
        const ck = await readCheckpoint(path, format);
        await loadCheckpoint(ck, params, identity, adam);
        step = ck.step;
      }
      progress.start(`OML ${arm} seed ${seed}`, step, preset.metaSteps);
      const t0 = performance.now();
      while (step < preset.metaSteps) {
        const rng = new Rng(seed).child(`meta-step-${step}`); // the same classes and images for every arm
        const cls = rng.int(preset.metaTrainClasses);
        const traj = rng.shuffle(Array.from({ length: spc }, (_, i) => cls * spc + i)).slice(0, preset.trajectory);
        const rand = Array.from({ length: preset.randomBatch }, () => rng.int(preset.metaTrainClasses * spc));
        const loss = tf.tidy(() => learner.metaTrainStep(cls, rows(bgFeats, d, traj), rows(bgFeats, d, rand),
          tf.tensor1d(rand.map((k) => background.labels[k]!), 'int32'), preset.innerLr, adam, rng.child('draws')));
        step++;
        progress.tick(step, loss);
        if (step % 100 === 0 || step === preset.metaSteps) {
          mkdirSync(join(outDir, `seed-${seed}`), { recursive: true });
          await writeCheckpoint(path, params, adam, { format, step, elapsedSec: (performance.now() - t0) / 1000, identity });
        }
      }
      const metaSec = (performance.now() - t0) / 1000;
      // meta-test streams: class-major stream images (first streamPerClass) and held-out images (the next heldPerClass)
      const stream = (feats: Float32Array, classes: readonly number[], firstClass: number) => {
        const take = (from: number, n: number) => classes.flatMap((c) => Array.from({ length: n }, (_, i) => (c - firstClass) * spc + from + i));
        return { s: rows(feats, d, take(0, preset.streamPerClass)), h: rows(feats, d, take(preset.streamPerClass, preset.heldPerClass)) };
      };
      const lrPool = Array.from({ length: preset.lrClasses }, (_, i) => preset.metaTrainClasses + i);
      const lrCount = Math.min(preset.lrClasses, preset.schedule[Math.min(2, preset.schedule.length - 1)]!);
      const lrScores = preset.lrs.map((lr, i) => {
        const order = new Rng(seed).child(`lr-order-${i}`).shuffle([...lrPool]).slice(0, lrCount);
        const { s, h } = stream(bgFeats, order, 0);
        const acc = learner.streamAccuracy(s, preset.streamPerClass, h, preset.heldPerClass, [lrCount], lr, new Rng(seed).child(`lr-init-${i}`).seed());
        tf.dispose([s, h]);
        return acc[0]!;
      });
      const lr = preset.lrs[lrScores.indexOf(Math.max(...lrScores))]!;
      const accuracy: number[][] = [];
      const maxCount = Math.max(...preset.schedule);
      for (let o = 0; o < preset.orders; o++) {
        const order = new Rng(seed).child(`order-${o}`).shuffle([...evaluation.classes]).slice(0, maxCount);
        const { s, h } = stream(evFeats, order, evaluation.classes[0]!);
        accuracy.push(learner.streamAccuracy(s, preset.streamPerClass, h, preset.heldPerClass, preset.schedule, lr, new Rng(seed).child(`init-${o}`).seed()));
        tf.dispose([s, h]);
      }
      const result: ContinualResult = { seed, arm, lr, lrScores, schedule: preset.schedule, accuracy, metaSec };
      await store.set(`seed-${seed}/${arm}`, result);
      progress.log(`seed ${seed} ${arm}: lr ${lr}, held-out accuracy ${preset.schedule.map((c, i) => `${c}: ${(100 * accuracy.reduce((a, r) => a + r[i]!, 0) / accuracy.length).toFixed(1)}%`).join(', ')}`);
      adam.dispose();
      learner.dispose();
    }
  }
  return Object.values(store.all());
}
