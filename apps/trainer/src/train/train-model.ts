import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { NumericError, Rng, type BackendName } from '@rimjs/core';
import { createSequenceModel, type ParameterCount, type SequenceModel, type SequenceModelConfig } from '@rimjs/rim';
import { createAdam, learningRateAt, setLearningRate, type Progress, writeFileAtomic, writeJson } from '@rimjs/runkit';
import { CHECKPOINT_FILE } from '../checkpoint/checkpoint-format.js';
import { loadCheckpoint, type Checkpoint } from '../checkpoint/read-checkpoint.js';
import { writeCheckpoint } from '../checkpoint/write-checkpoint.js';
import { formatMetrics } from '../log/format-metrics.js';
import { MetricsLog } from '../log/metrics-log.js';
import type { ModelRun, RunConfig } from '../presets/preset-types.js';
import { unitActivity } from '../report/unit-activity.js';
import { identityOf, lrScheduleOf } from '../run/identity.js';
import type { TaskRunner } from '../tasks/task-runner.js';
import type { StopSignal } from './stop-signal.js';
import { parallelTrainStep, trainStep } from './train-step.js';
import { startGradWorker, type GradWorker } from '../parallel/grad-worker-client.js';

/** `<run>/<model>/summary.json`. */
export interface ModelSummary {
  format: 'rimjs-trainer-model-summary/1';
  preset: string;
  model: string;
  config: SequenceModelConfig;
  parameterCount: ParameterCount;
  /** Steps done, and the steps asked for. */
  steps: number;
  targetSteps: number;
  completed: boolean;
  interrupted: boolean;
  /** `SIGINT`, `SIGTERM`, or null. */
  signal: string | null;
  /** The NumericError message when the loss became NaN or infinite. */
  error: string | null;
  wallTimeSec: number;
  /** Mean training loss of the last (up to) 50 steps. */
  finalLoss: number | null;
  /** The final evaluation (`finalEvalSize` examples); when stopped early, the last periodic one. */
  metrics: Record<string, number>;
  /** The step `metrics` were measured at. */
  metricsStep: number | null;
  backend: string;
}

/** Arguments of {@link trainModel}. */
export interface TrainModelArgs {
  run: RunConfig;
  model: ModelRun;
  /** The model's folder (exists). */
  dir: string;
  task: TaskRunner;
  progress: Progress;
  stop: StopSignal;
  /** The checkpoint to continue from (already read), or null to start at step 0. */
  checkpoint: Checkpoint | null;
  /** Makes the model; `createSequenceModel` of @rimjs/rim unless a test swaps it. */
  createModel?: (config: SequenceModelConfig) => SequenceModel;
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Trains one model of a run to `run.train.steps`, or continues it from a checkpoint.
 *
 * Per step `s` (0-based): batch `task.trainBatch(s, batchSize, seed)`, dropout seed
 * `new Rng(seed).child('dropout').child(s).seed()`, Adam (AdamW with `weightDecay`) on the clipped gradients at the schedule's rate
 * `learningRateAt(lrScheduleOf(run), s)` (logged as `lr`); so params,
 * optimizer state and `s` are all a checkpoint needs to continue with the same losses. Logs
 * every step to `metrics.jsonl` / `metrics.csv`, evaluates every `evalEvery` steps, writes
 * `checkpoint.safetensors` every `checkpointEvery` steps and at the end, then the final
 * evaluation, the unit-activity records (RIM) and `summary.json`.
 *
 * A stop signal ends the loop after the current step with a checkpoint (`interrupted: true`).
 *
 * @throws NumericError when a loss or gradient norm is NaN or infinite; nothing is updated or
 *   written after it, so the last good checkpoint stays.
 * @throws CheckpointError when the checkpoint does not fit the model or run.
 */
export async function trainModel(args: TrainModelArgs): Promise<ModelSummary> {
  const { run, dir, task, progress, stop } = args;
  const { steps, batchSize, clip, seed, evalEvery, checkpointEvery, evalSize, finalEvalSize, evalBatch } = run.train;
  const engine = run.train.engine ?? 'fused';
  const threads = run.train.threads ?? 1;
  const weightDecay = run.train.weightDecay ?? 0;
  const name = args.model.name;
  const identity = identityOf(run, args.model);
  const model = (args.createModel ?? createSequenceModel)(args.model.config);
  const schedule = lrScheduleOf(run);
  const optimizer = createAdam(run.train.lr);
  const dropout = new Rng(seed).child('dropout');
  const losses: number[] = [];
  const summary: ModelSummary = {
    format: 'rimjs-trainer-model-summary/1',
    preset: run.preset,
    model: name,
    config: args.model.config,
    parameterCount: model.parameterCount(),
    steps: 0,
    targetSteps: steps,
    completed: false,
    interrupted: false,
    signal: null,
    error: null,
    wallTimeSec: 0,
    finalLoss: null,
    metrics: {},
    metricsStep: null,
    backend: tf.getBackend(),
  };
  let base = 0;
  let t0 = performance.now();
  let worker: GradWorker | null = null;
  const elapsed = (): number => base + (performance.now() - t0) / 1000;
  try {
    let step = 0;
    if (args.checkpoint) {
      await loadCheckpoint(args.checkpoint, model, identity, optimizer);
      step = args.checkpoint.meta.step;
      base = args.checkpoint.meta.elapsedSec;
    }
    const log = MetricsLog.open(dir, step);
    t0 = performance.now();
    summary.steps = step;
    if (step > 0) log.append({ type: 'resume', step, elapsedSec: base });
    let saved = step;
    const forward = (x: tf.Tensor): tf.Tensor3D => model.forward(x, { training: false, engine }).logits;
    const save = async (): Promise<void> => {
      await writeCheckpoint(dir, model, optimizer, { step, elapsedSec: elapsed(), identity });
      saved = step;
    };
    if (threads === 2) worker = await startGradWorker({ task: run.task, config: args.model.config, backend: tf.getBackend() as BackendName, engine });
    progress.start(name, step, steps);
    while (step < steps && stop.requested === null) {
      const batch = task.trainBatch(step, batchSize, seed);
      const lr = learningRateAt(schedule, step);
      setLearningRate(optimizer, lr);
      const decay = weightDecay > 0 ? { lr, weightDecay } : undefined;
      let r;
      try {
        const stepSeed = dropout.child(step).seed();
        r = worker
          ? await parallelTrainStep(model, optimizer, task, batch, worker, { clip, seed: stepSeed, engine, step, batchSize, dataSeed: seed, decay })
          : trainStep(model, optimizer, task, batch, { clip, seed: stepSeed, engine, decay });
      } finally {
        tf.dispose([batch.inputs, batch.targets]);
      }
      if (!r.applied) {
        const what = Number.isFinite(r.loss) ? `the gradient norm is ${r.gradNorm}` : `the loss is ${r.loss}`;
        const kept = saved > 0 ? `the last good checkpoint (step ${saved}) is kept in ${join(dir, CHECKPOINT_FILE)}` : 'no checkpoint was written yet';
        log.append({ type: 'stop', step, reason: 'numeric', elapsedSec: elapsed() });
        throw new NumericError(`${name}: at step ${step + 1} ${what}; training stopped and nothing was updated; ${kept}. Try a lower --lr or --clip; \`pnpm train gradients <run>\` shows which part the gradient explodes through.`);
      }
      step += 1;
      summary.steps = step;
      losses.push(r.loss);
      if (losses.length > 50) losses.shift();
      log.append({ type: 'train', step, loss: r.loss, gradNorm: r.gradNorm, lr, elapsedSec: elapsed() });
      progress.tick(step, r.loss);
      if (evalEvery > 0 && step % evalEvery === 0 && step < steps) {
        const metrics = task.evaluate(forward, { phase: 'train', size: evalSize, batch: evalBatch });
        log.append({ type: 'eval', step, phase: 'periodic', metrics, elapsedSec: elapsed() });
        summary.metrics = metrics;
        summary.metricsStep = step;
        progress.log(`[${name}] step ${step}: ${formatMetrics(metrics)}`);
      }
      if (step % checkpointEvery === 0 || step === steps) await save();
      await nextTurn(); // lets SIGINT / SIGTERM handlers run
    }
    if (step > saved) await save();
    if (stop.requested !== null && step < steps) {
      log.append({ type: 'stop', step, reason: stop.requested, elapsedSec: elapsed() });
      summary.interrupted = true;
      summary.signal = stop.requested;
      progress.log(`[${name}] ${stop.requested}: stopped at step ${step}; checkpoint saved in ${join(dir, CHECKPOINT_FILE)}`);
    } else {
      const metrics = task.evaluate(forward, { phase: 'train', size: finalEvalSize, batch: evalBatch });
      log.append({ type: 'eval', step, phase: 'final', metrics, elapsedSec: elapsed() });
      summary.metrics = metrics;
      summary.metricsStep = step;
      summary.completed = true;
      progress.log(`[${name}] final (${finalEvalSize} examples per set): ${formatMetrics(metrics)}`);
      for (const which of ['train', 'test'] as const) {
        const activity = unitActivity(model, task.example(which));
        if (activity) writeFileAtomic(join(dir, `activity-${which}.json`), `${JSON.stringify(activity)}\n`);
      }
    }
    return summary;
  } catch (e) {
    if (e instanceof NumericError) summary.error = e.message;
    throw e;
  } finally {
    summary.wallTimeSec = elapsed();
    summary.finalLoss = losses.length > 0 ? losses.reduce((a, b) => a + b, 0) / losses.length : null;
    if (summary.completed || summary.interrupted || summary.error) writeJson(join(dir, 'summary.json'), summary);
    await worker?.close();
    optimizer.dispose();
    model.dispose();
  }
}
