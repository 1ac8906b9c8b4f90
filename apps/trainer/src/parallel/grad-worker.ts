// The second thread of a data-parallel training step (`pnpm train --threads 2`): it holds a copy
// of the model, takes the weights and a shard of each step's batch from the main thread and
// returns that shard's loss and gradients. Started by grad-worker-client.ts.
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, type BackendName } from '@rimjs/core';
import { createSequenceModel, type RimEngine, type SequenceModelConfig } from '@rimjs/rim';
import type { TaskSpec } from '../presets/preset-types.js';
import { createTaskRunner } from '../tasks/create-task-runner.js';
import { shardGrads } from './shard-grads.js';

/** What the worker is started with. */
export interface GradWorkerData {
  task: TaskSpec;
  config: SequenceModelConfig;
  backend: BackendName;
  engine: RimEngine;
}

/** One step's request. */
export interface GradRequest {
  step: number;
  batchSize: number;
  dataSeed: number;
  dropoutSeed: number;
  lo: number;
  hi: number;
  /** The trainable variables' values, in creation order. */
  weights: Float32Array[];
}

const data = workerData as GradWorkerData;
await initBackend(data.backend);
const task = createTaskRunner(data.task);
const model = createSequenceModel(data.config);
const vars = model.params.trainable();
parentPort!.on('message', (m: GradRequest | 'close') => {
  if (m === 'close') {
    task.dispose();
    model.dispose();
    parentPort!.close();
    return;
  }
  try {
    vars.forEach((v, i) => tf.tidy(() => v.assign(tf.tensor(m.weights[i]!, v.shape))));
    const batch = task.trainBatch(m.step, m.batchSize, m.dataSeed);
    try {
      const r = shardGrads(model, task, batch, m, { seed: m.dropoutSeed, engine: data.engine });
      parentPort!.postMessage({ ok: true, ...r }, r.grads.map((g) => g.buffer as ArrayBuffer));
    } finally {
      tf.dispose([batch.inputs, batch.targets]);
    }
  } catch (e) {
    parentPort!.postMessage({ ok: false, error: (e as Error).stack ?? String(e) });
  }
});
parentPort!.postMessage({ ready: true });
