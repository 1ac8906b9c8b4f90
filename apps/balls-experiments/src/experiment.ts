import { join } from 'node:path';
import { readJsonIfExists, writeJson, type Progress } from '@rimjs/runkit';
import { trainBallsModel, type BallsModel } from './balls-run.js';
import type { BallsPreset } from './presets.js';
import { scoreRollout, type RolloutScore } from './rollout-eval.js';

/** One trained model of one seed, scored on every test set. */
export interface BallsRunResult {
  model: BallsModel;
  seed: number;
  params: number;
  steps: number;
  trainSec: number;
  /** Mean training loss (BCE per pixel) of the last 50 steps. */
  finalLoss: number;
  scores: RolloutScore[];
}

export const MODELS: BallsModel[] = ['rim', 'lstm'];

/**
 * Trains (or resumes) RIM and LSTM for every seed of the preset, scores their rollouts and keeps
 * each result in `<out>/<model>-s<seed>/result.json` (a finished run is not trained again).
 */
export async function runBallsExperiment(p: BallsPreset, out: string, progress: Progress): Promise<BallsRunResult[]> {
  const results: BallsRunResult[] = [];
  for (const seed of p.seeds) {
    for (const model of MODELS) {
      const dir = join(out, `${model}-s${seed}`);
      const file = join(dir, 'result.json');
      const done = readJsonIfExists<BallsRunResult>(file);
      if (done !== null && done.steps === p.steps) {
        progress.log(`[${model}#${seed}] done earlier: ${file}`);
        results.push(done);
        continue;
      }
      const { net, losses, elapsedSec } = await trainBallsModel(p, model, seed, dir, progress);
      try {
        const tail = losses.slice(-50);
        const result: BallsRunResult = {
          model,
          seed,
          params: net.params.count(),
          steps: p.steps,
          trainSec: elapsedSec,
          finalLoss: tail.reduce((a, b) => a + b, 0) / Math.max(1, tail.length),
          scores: p.tests.map((t) => scoreRollout(net, p, t)),
        };
        writeJson(file, result);
        results.push(result);
      } finally {
        net.dispose();
      }
    }
  }
  return results;
}
