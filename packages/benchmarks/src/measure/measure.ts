import * as tf from '@tensorflow/tfjs-core';
import { ConfigCheck, RimjsError } from '@rimjs/core';
import { RssSampler } from './rss-sampler.js';
import { median } from './stats.js';

/** Options of {@link measure}. */
export interface MeasureOptions {
  /** Untimed runs first (compilation, caches, backend warm-up). Default 2. */
  warmup?: number;
  /** Timed runs. Default 10. */
  runs?: number;
  /** Names the measurement in errors. Default `fn`. */
  label?: string;
  /**
   * Run once more under `tf.profile` (untimed) to read the true peak of `tf.memory().numBytes`
   * inside a run. Default `true`.
   */
  profile?: boolean;
  /** RSS sampling interval, ms. Default 5. */
  rssSampleMs?: number;
  /** `report` (default): return `leakedTensors`; `throw`: throw when it is not 0. */
  onLeak?: 'report' | 'throw';
}

/** What {@link measure} found. Times are per run of `fn`, ms. */
export interface Measurement {
  label: string;
  warmup: number;
  runs: number;
  msMedian: number;
  msMin: number;
  msMax: number;
  msMean: number;
  /** Every timed run, in order. */
  msAll: number[];
  /** Tensors allocated by one run (created, whether disposed or not), from tfjs' tensor ids. */
  tensorsPerRun: number;
  /** Growth of `tf.memory().numTensors` over the timed runs: 0 when `fn` disposes all it makes. */
  leakedTensors: number;
  /** Max `process.memoryUsage().rss` sampled during the timed runs, bytes. */
  peakRssBytes: number;
  /** Max `tf.memory().numBytes` seen during the runs (live weights included), bytes. */
  peakTfBytes: number;
}

/** The id the next tensor will get: tfjs numbers every tensor it creates, in order. */
function nextTensorId(): number {
  const probe = tf.scalar(0);
  const id = probe.id;
  probe.dispose();
  return id;
}

/**
 * Times `fn`: `warmup` untimed runs, then `runs` timed ones, then one untimed run that counts
 * allocations (and, with `profile`, the peak tfjs memory).
 *
 * The contract of `fn`: it does the whole unit of work *and reads its result back*
 * (`await y.data()`), so a timed run includes the device's work and not only its queueing; and
 * it disposes every tensor it makes (`tf.tidy` for the math, `dispose()` after reading). The
 * harness checks the second half: `leakedTensors` is the growth of `tf.memory().numTensors`.
 *
 * @throws ConfigError when `warmup` or `runs` is not an integer in range.
 * @throws RimjsError with `onLeak: 'throw'` when `fn` leaked tensors.
 * @example
 * const m = await measure(async () => {
 *   const y = tf.tidy(() => tf.matMul(a, b)); // [m, n]
 *   await y.data();
 *   y.dispose();
 * }, { warmup: 2, runs: 10, label: 'matMul' });
 * console.log(m.msMedian, m.leakedTensors); // e.g. 3.1 0
 */
export async function measure(fn: () => Promise<void> | void, options: MeasureOptions = {}): Promise<Measurement> {
  const { warmup = 2, runs = 10, label = 'fn', profile = true, rssSampleMs = 5, onLeak = 'report' } = options;
  const check = new ConfigCheck(`measure(${label})`);
  check.integer('warmup', warmup, 0).integer('runs', runs, 1).number('rssSampleMs', rssSampleMs, 1);
  check.throwIfAny();

  for (let i = 0; i < warmup; i++) await fn();

  const rss = new RssSampler(rssSampleMs).start();
  const tensorsBefore = tf.memory().numTensors;
  let peakTfBytes = tf.memory().numBytes;
  const msAll: number[] = [];
  let peakRssBytes = 0;
  try {
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await fn();
      msAll.push(performance.now() - t0);
      rss.sample();
      peakTfBytes = Math.max(peakTfBytes, tf.memory().numBytes);
    }
  } finally {
    peakRssBytes = rss.stop();
  }
  const leakedTensors = tf.memory().numTensors - tensorsBefore;

  const firstId = nextTensorId();
  if (profile) {
    const info = await tf.profile(async () => {
      await fn();
    });
    if (Number.isFinite(info.peakBytes)) peakTfBytes = Math.max(peakTfBytes, info.peakBytes);
  } else {
    await fn();
  }
  const tensorsPerRun = nextTensorId() - firstId - 1;

  if (onLeak === 'throw' && leakedTensors !== 0) {
    throw new RimjsError(
      `measure(${label}): tf.memory().numTensors grew by ${leakedTensors} over ${runs} runs; the function must dispose every tensor it makes`,
    );
  }
  return {
    label,
    warmup,
    runs,
    msMedian: median(msAll),
    msMin: Math.min(...msAll),
    msMax: Math.max(...msAll),
    msMean: msAll.reduce((a, b) => a + b, 0) / runs,
    msAll,
    tensorsPerRun,
    leakedTensors,
    peakRssBytes,
    peakTfBytes,
  };
}
