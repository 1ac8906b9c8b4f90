import { ConfigCheck } from '@rimjs/core';
import type { RimEngine } from '@rimjs/rim';
import type { BenchMode } from '../schema/bench-record.js';
import type { BenchCase, Suite } from '../suite/suite.js';
import { modelCase, SPEED_MODELS, type SpeedModel } from './model-case.js';
import { TASK_SIZES, type TaskSize } from './task-sizes.js';

/** Options of {@link speedSuite}. */
export interface SpeedSuiteOptions {
  /** Task sizes to run. Default {@link TASK_SIZES} (copying and MNIST, small and paper). */
  sizes?: readonly TaskSize[];
  /** Models. Default all of {@link SPEED_MODELS}. */
  models?: readonly SpeedModel[];
  /** Modes. Default `train` and `infer`. */
  modes?: readonly BenchMode[];
  /**
   * Which (task, model) pairs of the `small` sizes run in quick runs; the others are `tier: 'full'`.
   * Default: every model on copying, and on MNIST (196 steps, the costly one) one RIM
   * (`rim-official-lstm`) and the four baselines.
   */
  quick?: (task: string, model: SpeedModel) => boolean;
  /** Warm-up and timed runs of the `paper` cases (a paper RIM training step is seconds on wasm). Default 1 and 3. */
  paperRuns?: { warmup: number; runs: number };
  /** How RIM layers run: `fused` (default) or `composed`. */
  engine?: RimEngine;
}

const QUICK_MNIST: ReadonlySet<SpeedModel> = new Set(['rim-official-lstm', 'lstm', 'gru', 'tim', 'transformer']);

/** The default quick selection of {@link SpeedSuiteOptions.quick}: every model on copying, five on MNIST. */
function defaultQuickSelection(task: string, model: SpeedModel): boolean {
  return task !== 'mnist' || QUICK_MNIST.has(model);
}

/**
 * The `speed` suite: one training step (forward, loss, backward, Adam) and one inference pass of
 * every model of {@link SPEED_MODELS} at every size of {@link TASK_SIZES}. Case ids are
 * `<model>-<task>-<size>-<mode>`, e.g. `rim-official-lstm-copying-paper-train`. Paper sizes are
 * `tier: 'full'` (`pnpm bench --full`); small sizes are quick, MNIST only for the models of
 * `quick`. FLOPs per step from `rimStepFlops`, `rnnStepFlops`, `encoderStepFlops`.
 *
 * @throws ConfigError naming a bad model, mode or paper run count.
 * @example
 * const results = await runBenchmarks([speedSuite()], { backends: ['wasm'], quick: true });
 */
export function speedSuite(options: SpeedSuiteOptions = {}): Suite {
  const { sizes = TASK_SIZES, models = SPEED_MODELS, modes = ['train', 'infer'], quick = defaultQuickSelection } = options;
  const paperRuns = options.paperRuns ?? { warmup: 1, runs: 3 };
  const check = new ConfigCheck('speedSuite');
  models.forEach((m, i) => check.oneOf(`models[${i}]`, m, SPEED_MODELS));
  modes.forEach((m, i) => check.oneOf(`modes[${i}]`, m, ['train', 'infer']));
  if (options.engine !== undefined) check.oneOf('engine', options.engine, ['fused', 'composed']);
  check.integer('paperRuns.warmup', paperRuns.warmup, 0).integer('paperRuns.runs', paperRuns.runs, 1);
  check.throwIfAny();
  const cases: BenchCase[] = [];
  for (const s of sizes) {
    for (const model of models) {
      for (const mode of modes) {
        const paper = s.size === 'paper';
        const tier = paper || !quick(s.task, model) ? 'full' : 'quick';
        const c = modelCase(model, s, { id: `${model}-${s.task}-${s.size}-${mode}`, mode, tier, ...(options.engine ? { engine: options.engine } : {}) });
        cases.push(paper ? { ...c, ...paperRuns } : c);
      }
    }
  }
  return {
    name: 'speed',
    description: `training step and inference pass of ${models.join(', ')} on ${sizes.map((s) => `${s.task}-${s.size}`).join(', ')}`,
    cases,
  };
}
