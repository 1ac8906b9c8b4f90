import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { clippedStep, Rng } from '@rimjs/core';
import { bouncingBalls, type BouncingBalls } from '@rimjs/datasets';
import { bceWithLogits, createVideoModel, type VideoModel, type VideoModelConfig } from '@rimjs/rim';
import { createAdam, loadCheckpoint, readCheckpoint, readJsonIfExists, writeCheckpoint, writeJson, type Progress } from '@rimjs/runkit';
import type { BallsPreset } from './presets.js';

/** The models compared. */
export type BallsModel = 'rim' | 'lstm';
export const CHECKPOINT_FORMAT = 'rimjs-balls-checkpoint/1';

/** The dataset of a variant at the preset's size. */
export function ballsData(p: BallsPreset, variant: BallsPreset['train']): BouncingBalls {
  return bouncingBalls(variant, { side: p.side, frames: p.frames });
}

/** The video model of `model` for a preset and seed. */
export function modelConfig(p: BallsPreset, model: BallsModel, seed: number): VideoModelConfig {
  const common = { side: p.side, channels: p.channels, featureSize: p.featureSize, seed };
  return model === 'rim' ? { kind: 'rim', ...common, layers: p.rim.layers } : { kind: 'lstm', ...common, hidden: p.lstmHidden };
}

/** What fixes a run's losses: a checkpoint resumes only the same identity. */
export function identityOf(p: BallsPreset, model: BallsModel, seed: number): Record<string, unknown> {
  const { train, side, frames, batch, lr, clip } = p;
  return { train, side, frames, batch, lr, clip, model: modelConfig(p, model, seed), seed };
}

/**
 * Trains one model of one seed with teacher forcing (BCE with logits on the next frame), resuming
 * from `<dir>/checkpoint.safetensors` when it belongs to the same run. Batch `i` is
 * `data.batchAt(i, batch, seed)`; dropout seeds (none by default) from `(seed, step)`.
 * The loss of every step is kept in `<dir>/losses.json`, written with each checkpoint.
 * @returns the trained model (the caller disposes it) and the losses of all steps.
 */
export async function trainBallsModel(p: BallsPreset, model: BallsModel, seed: number, dir: string, progress: Progress): Promise<{ net: VideoModel; losses: number[]; elapsedSec: number }> {
  mkdirSync(dir, { recursive: true });
  const net = createVideoModel(modelConfig(p, model, seed));
  const opt = createAdam(p.lr);
  const identity = identityOf(p, model, seed);
  const path = join(dir, 'checkpoint.safetensors');
  let step = 0;
  let elapsed = 0;
  if (existsSync(path)) {
    const ck = await readCheckpoint(path, CHECKPOINT_FORMAT);
    await loadCheckpoint(ck, net.params, identity, opt);
    step = ck.step;
    elapsed = ck.elapsedSec;
  }
  const lossFile = join(dir, 'losses.json');
  const losses: number[] = step > 0 ? (readJsonIfExists<number[]>(lossFile) ?? []).slice(0, step) : [];
  const data = ballsData(p, p.train);
  progress.start(`${model}#${seed}`, step, p.steps);
  const t0 = performance.now() - elapsed * 1000;
  while (step < p.steps) {
    const b = data.toTensors(data.batchAt(step, p.batch, seed));
    const stepSeed = new Rng(seed).child('dropout').child(step).seed();
    const lossFn = (): tf.Scalar => {
      const out = net.forward(b.frames, { training: true, seed: stepSeed });
      out.masks?.dispose();
      return bceWithLogits(out.logits, b.targets);
    };
    const loss = clippedStep(opt, lossFn, net.params.trainable(), p.clip);
    tf.dispose([b.frames, b.targets]);
    losses.push(loss);
    step += 1;
    progress.tick(step, loss);
    if (step % p.checkpointEvery === 0 || step === p.steps) {
      writeJson(lossFile, losses);
      await writeCheckpoint(path, net.params, opt, { format: CHECKPOINT_FORMAT, step, elapsedSec: (performance.now() - t0) / 1000, identity });
    }
  }
  opt.dispose();
  return { net, losses, elapsedSec: (performance.now() - t0) / 1000 };
}
