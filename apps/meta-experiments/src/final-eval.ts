import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CheckpointError, Parameters, Rng } from '@rimjs/core';
import { AgentTrainer, type EvalLog } from '@rimjs/meta';
import { createAdam, readJsonIfExists, writeJson } from '@rimjs/runkit';
import type { ModelName, Preset } from './presets.js';
import { restoreTrainer, runIdentity, trainerConfig } from './run-model.js';

/** What `experiment eval` leaves in `<out>/<model>-s<seed>.final-eval.json`. */
export interface FinalEval {
  model: ModelName;
  seed: number;
  preset: string;
  /** Outer iterations and frames of the checkpoint evaluated. */
  iteration: number;
  frames: number;
  /** Held-out (split `test`) and training (split `train`) combinations, greedy, `episodes` per task. */
  episodes: number;
  test: EvalLog['perTask'];
  train: EvalLog['perTask'];
}

/** The path of a run's final evaluation. */
export const finalEvalPath = (dir: string, model: string, seed: number): string => join(dir, `${model}-s${seed}.final-eval.json`);

/**
 * Evaluates a run's last checkpoint task by task, on the held-out combinations and on the
 * training ones (greedy, the preset's `evalEpisodes` per task, the evaluation seeds of training),
 * and writes `<model>-s<seed>.final-eval.json`. Says which task a mean success rate hides.
 *
 * @throws CheckpointError when the run has no checkpoint or it belongs to another run.
 */
export async function finalEval(dir: string, presetName: string, p: Preset, model: ModelName, seed: number): Promise<FinalEval> {
  const base = join(dir, `${model}-s${seed}`);
  if (!existsSync(`${base}.fast.safetensors`)) throw new CheckpointError(`finalEval: ${base}.fast.safetensors: no checkpoint (train the run first)`);
  const params = new Parameters(new Rng(seed));
  const trainer = new AgentTrainer(params, trainerConfig(p, model, seed), createAdam);
  try {
    const at = await restoreTrainer(base, runIdentity(presetName, p, model, seed), trainer, params);
    trainer.frames = at.frames;
    const result: FinalEval = { model, seed, preset: presetName, iteration: at.step, frames: at.frames, episodes: p.evalEpisodes, test: trainer.evaluate('test').perTask, train: trainer.evaluate('train').perTask };
    writeJson(finalEvalPath(dir, model, seed), result);
    return result;
  } finally {
    trainer.dispose();
    params.dispose();
  }
}

/** Reads a run's final evaluation, or null when `experiment eval` has not written one. */
export function readFinalEval(dir: string, model: string, seed: number): FinalEval | null {
  return readJsonIfExists<FinalEval>(finalEvalPath(dir, model, seed));
}
