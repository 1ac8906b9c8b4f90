import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { CheckpointError, Parameters, Rng } from '@rimjs/core';
import { AgentTrainer, type EvalLog, type TrainerConfig } from '@rimjs/meta';
import { createAdam, loadCheckpoint, type Progress, readCheckpoint, writeCheckpoint, writeJson } from '@rimjs/runkit';
import { iterationsOf, MODELS, type ModelName, type Preset } from './presets.js';

const FORMAT = 'rimjs-meta-experiment/1';

/** One point of a learning curve. */
export interface CurvePoint {
  frames: number;
  iteration: number;
  /** Held-out tasks (greedy). */
  evalSuccess: number;
  evalReturn: number;
  /** Training episodes of the last iteration (sampled actions). */
  trainSuccess: number;
  trainReturn: number;
  /** `tf.memory().numTensors` at this point (flat over a run: no leak). */
  tensors: number;
}

/** What a finished (or interrupted) run leaves in `<out>/<model>-s<seed>.json`. */
export interface RunRecord {
  model: ModelName;
  seed: number;
  preset: string;
  curve: CurvePoint[];
  done: boolean;
  elapsedSec: number;
  parameters: number;
}

/** The trainer config of a model and seed under a preset (the checkpoint identity). */
export function trainerConfig(p: Preset, model: ModelName, seed: number): TrainerConfig {
  const m = MODELS[model];
  return {
    policy: { core: m.core },
    ppo: p.ppo,
    scheme: m.scheme,
    lrFast: p.lrFast,
    lrSlow: p.lrSlow,
    innerSteps: p.innerSteps,
    trainTasks: p.trainTasks,
    evalTasks: p.evalTasks,
    numEnvs: p.numEnvs,
    rolloutLength: p.rolloutLength,
    evalEpisodes: p.evalEpisodes,
    seed,
  };
}

/**
 * Loads a run's checkpoints (`<base>.fast.safetensors`, and `<base>.slow.safetensors` when the
 * trainer has a slow group) into `params` and the trainer's optimizers, after checking the identity.
 *
 * @throws CheckpointError when a file is missing, hostile or of another run, or the two files are at different iterations.
 */
export async function restoreTrainer(base: string, identity: object, trainer: AgentTrainer, params: Parameters): Promise<{ step: number; frames: number; elapsedSec: number }> {
  const fast = await readCheckpoint<object>(`${base}.fast.safetensors`, FORMAT);
  if (trainer.slowOptimizer) {
    const slow = await readCheckpoint<object>(`${base}.slow.safetensors`, FORMAT);
    if (slow.step !== fast.step) throw new CheckpointError(`restoreTrainer: ${base}: the fast checkpoint is at iteration ${fast.step}, the slow one at ${slow.step}`);
    await loadCheckpoint(slow, params, identity, trainer.slowOptimizer as tf.AdamOptimizer);
  }
  await loadCheckpoint(fast, params, identity, trainer.fastOptimizer as tf.AdamOptimizer);
  return { step: fast.step, frames: fast.extra.frames as number, elapsedSec: fast.elapsedSec };
}

/** The checkpoint identity of a run: the preset's name and the trainer config. */
export function runIdentity(presetName: string, p: Preset, model: ModelName, seed: number): object {
  return { preset: presetName, ...trainerConfig(p, model, seed) };
}

/**
 * Trains one model with one seed, evaluating on held-out tasks every `evalEvery` iterations and
 * checkpointing every `checkpointEvery` (two files: parameters + fast Adam, parameters + slow Adam,
 * written slow first; a resume needs both at the same step). Resumes from them when `resume`;
 * stops (with a checkpoint) after `stopAfter` outer iterations in all.
 */
export async function runModel(presetName: string, p: Preset, model: ModelName, seed: number, out: string, progress: Progress, resume: boolean, stopAfter = Infinity): Promise<RunRecord> {
  mkdirSync(out, { recursive: true });
  const base = join(out, `${model}-s${seed}`);
  const identity = runIdentity(presetName, p, model, seed);
  const params = new Parameters(new Rng(seed));
  const trainer = new AgentTrainer(params, trainerConfig(p, model, seed), createAdam);
  const total = iterationsOf(p);
  let record: RunRecord = { model, seed, preset: presetName, curve: [], done: false, elapsedSec: 0, parameters: params.count() };
  let elapsed = 0;
  if (resume && existsSync(`${base}.fast.safetensors`)) {
    const at = await restoreTrainer(base, identity, trainer, params);
    trainer.iteration = at.step;
    trainer.frames = at.frames;
    elapsed = at.elapsedSec;
    record = JSON.parse(readFileSync(`${base}.json`, 'utf8')) as RunRecord;
    record.curve = record.curve.filter((c) => c.iteration <= at.step);
  }
  progress.start(`${model} s${seed}`, trainer.iteration, total);
  const started = performance.now() - elapsed * 1000;
  const evalPoint = (ev: EvalLog, train: { successRate: number; meanReturn: number }) => {
    record.curve.push({ frames: trainer.frames, iteration: trainer.iteration, evalSuccess: ev.successRate, evalReturn: ev.meanReturn, trainSuccess: train.successRate, trainReturn: train.meanReturn, tensors: tf.memory().numTensors });
    progress.log(`[${model} s${seed}] frames ${trainer.frames} held-out success ${(100 * ev.successRate).toFixed(1)}% return ${ev.meanReturn.toFixed(3)} | tensors ${tf.memory().numTensors}`);
  };
  if (record.curve.length === 0) evalPoint(trainer.evaluate(), { successRate: 0, meanReturn: 0 });
  while (trainer.iteration < Math.min(total, stopAfter)) {
    const log = trainer.iterate();
    progress.tick(trainer.iteration, log.update.loss);
    if (trainer.iteration % p.evalEvery === 0 || trainer.iteration === total) evalPoint(trainer.evaluate(), log);
    record.elapsedSec = (performance.now() - started) / 1000;
    record.done = trainer.iteration === total;
    if (trainer.iteration % p.checkpointEvery === 0 || record.done || trainer.iteration === stopAfter) {
      const content = { format: FORMAT, step: trainer.iteration, elapsedSec: record.elapsedSec, identity, extra: { frames: trainer.frames } };
      if (trainer.slowOptimizer) await writeCheckpoint(`${base}.slow.safetensors`, params, trainer.slowOptimizer as tf.AdamOptimizer, content);
      await writeCheckpoint(`${base}.fast.safetensors`, params, trainer.fastOptimizer as tf.AdamOptimizer, content);
      writeJson(`${base}.json`, record);
    }
  }
  trainer.dispose();
  params.dispose();
  return record;
}
