import { Worker } from 'node:worker_threads';
import { RimjsError } from '@rimjs/core';
import type { GradRequest, GradWorkerData } from './grad-worker.js';
import type { ShardGrads } from './shard-grads.js';

/** The main thread's handle on a {@link GradWorkerData} worker. */
export interface GradWorker {
  /** Sends one step's shard; resolves with its loss and gradients. */
  grads(request: GradRequest): Promise<ShardGrads>;
  close(): Promise<void>;
}

/**
 * Starts the gradient worker of a data-parallel run: a `worker_threads` thread with its own tfjs
 * engine and backend (tfjs-backend-wasm runs one thread in Node, so a second engine is how a
 * training step uses the second core). In development it loads the TypeScript source through
 * `grad-worker-entry.mjs` (which registers tsx), otherwise the built JavaScript.
 *
 * @throws RimjsError when the worker fails to start or a step fails in it.
 */
export async function startGradWorker(data: GradWorkerData): Promise<GradWorker> {
  const ts = import.meta.url.endsWith('.ts');
  const worker = new Worker(new URL(ts ? './grad-worker-entry.mjs' : './grad-worker.js', import.meta.url), {
    workerData: data,
    execArgv: ts ? ['--conditions=@rimjs/source'] : [],
  });
  const next = (): Promise<Record<string, unknown>> =>
    new Promise((resolve, reject) => {
      const onMessage = (m: Record<string, unknown>) => {
        worker.off('error', onError);
        resolve(m);
      };
      const onError = (e: Error) => {
        worker.off('message', onMessage);
        reject(new RimjsError(`gradient worker: ${e.message}`));
      };
      worker.once('message', onMessage);
      worker.once('error', onError);
    });
  await next(); // { ready: true }
  return {
    async grads(request: GradRequest): Promise<ShardGrads> {
      const reply = next();
      worker.postMessage(request, request.weights.map((w) => w.buffer as ArrayBuffer));
      const m = await reply;
      if (!m['ok']) throw new RimjsError(`gradient worker: step ${request.step} failed: ${String(m['error'])}`);
      return { loss: m['loss'] as number, grads: m['grads'] as Float32Array[] };
    },
    async close(): Promise<void> {
      worker.postMessage('close');
      await worker.terminate();
    },
  };
}
