import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type * as tf from '@tensorflow/tfjs-core';
import { NumericError, type Parameters } from '@rimjs/core';
import { createAdam, loadCheckpoint, readCheckpoint, writeCheckpoint, type Progress } from '@rimjs/runkit';

/** What {@link trainWithCheckpoints} needs. */
export interface TrainJob<I> {
  readonly name: string;
  readonly params: Parameters;
  /** The loss of step `step` (builds its own seeded batch, so a resumed run sees the same batches). */
  readonly loss: (step: number) => tf.Scalar;
  readonly steps: number;
  readonly lr: number;
  readonly checkpoint: string;
  readonly checkpointEvery: number;
  readonly identity: I;
  readonly progress: Progress;
}

const FORMAT = 'rimjs-independence-checkpoint/1';

/**
 * Adam over `params` for `steps`, resuming from `checkpoint` when it exists (same identity, or a
 * CheckpointError), writing it atomically every `checkpointEvery` steps and at the end.
 * @returns the training wall time in seconds (over all sessions).
 */
export async function trainWithCheckpoints<I>(job: TrainJob<I>): Promise<number> {
  const adam = createAdam(job.lr);
  let step = 0;
  let elapsed = 0;
  if (existsSync(job.checkpoint)) {
    const ck = await readCheckpoint<I>(job.checkpoint, FORMAT);
    await loadCheckpoint(ck, job.params, job.identity, adam);
    step = ck.step;
    elapsed = ck.elapsedSec;
  }
  mkdirSync(dirname(job.checkpoint), { recursive: true });
  job.progress.start(job.name, step, job.steps);
  let t0 = performance.now();
  const vars = job.params.trainable();
  while (step < job.steps) {
    const loss = adam.minimize(() => job.loss(step), true, vars)!;
    const value = (await loss.data())[0]!;
    loss.dispose();
    if (!Number.isFinite(value)) throw new NumericError(`${job.name}: loss ${value} at step ${step}`);
    step++;
    job.progress.tick(step, value);
    if (step % job.checkpointEvery === 0 || step === job.steps) {
      elapsed += (performance.now() - t0) / 1000;
      t0 = performance.now();
      await writeCheckpoint(job.checkpoint, job.params, adam, { format: FORMAT, step, elapsedSec: elapsed, identity: job.identity });
    }
  }
  adam.dispose();
  return elapsed;
}
