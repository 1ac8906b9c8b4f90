/**
 * GroupLinear forward + backward time per strategy, on cpu and wasm, at RIM sizes.
 *
 *   pnpm --filter @rimjs/core bench            (cpu and wasm)
 *   pnpm --filter @rimjs/core bench wasm       (one backend)
 *
 * Per backend and size: warm up each strategy, then interleaved timed runs of
 * `tf.grads(sum(groupLinear(x, w, bias) * r))` wrt x, w and bias, each run including
 * `await data()` on the three gradients and disposing them. Prints median / min / max in ms, the
 * number of kernels one forward + backward dispatches, the speed-up over `batched`, and marks
 * with `*` the backend's default strategy (`DEFAULT_STRATEGY`).
 */
import { loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { DEFAULT_STRATEGY, GROUP_LINEAR_STRATEGIES, type GroupLinearStrategy } from '../group-linear/strategies.js';
import { groupLinear } from '../group-linear/group-linear.js';
import { Rng } from '../rng.js';
import '../backend/register-kernels.js';

const SEED = 1234;
const BATCH = 64;
const UNITS = 6;
const SIZES: ReadonlyArray<readonly [inSize: number, outSize: number]> = [
  [500, 400],
  [100, 64],
];
const ALL_BACKENDS = ['cpu', 'wasm'];
const picked = process.argv.slice(2).filter((a) => ALL_BACKENDS.includes(a));
const BACKENDS = picked.length > 0 ? picked : ALL_BACKENDS;
/** Timed runs per strategy: at least MIN_RUNS, at most MAX_RUNS, stopping once BUDGET_MS is spent. */
const MIN_RUNS = 3;
const MAX_RUNS = 20;
const BUDGET_MS = 2000;
/** The reference's `[batch, units, in, out]` intermediate is skipped above this many floats. */
const REFERENCE_MAX_FLOATS = 20_000_000;

interface Cell {
  strategy: GroupLinearStrategy;
  median: number;
  min: number;
  max: number;
  runs: number;
  kernels: number;
}

function makeInputs(inSize: number, outSize: number): tf.Tensor[] {
  const rng = new Rng(SEED);
  const n = (label: string, shape: number[]): tf.Tensor => tf.randomNormal(shape, 0, 1, 'float32', rng.child(label).seed());
  return [
    n('x', [BATCH, UNITS, inSize]), // [batch, units, in]
    tf.mul(n('w', [UNITS, inSize, outSize]), 1 / Math.sqrt(inSize)), // [units, in, out]
    n('bias', [UNITS, outSize]), // [units, out]
    n('r', [BATCH, UNITS, outSize]), // [batch, units, out]
  ];
}

async function runOnce(strategy: GroupLinearStrategy, x: tf.Tensor, w: tf.Tensor, b: tf.Tensor, r: tf.Tensor): Promise<void> {
  const grads = tf.tidy(() =>
    tf.grads((xs: tf.Tensor, ws: tf.Tensor, bs: tf.Tensor) =>
      tf.sum(tf.mul(groupLinear(xs as tf.Tensor3D, ws as tf.Tensor3D, bs as tf.Tensor2D, { strategy }), r)),
    )([x, w, b]),
  );
  await Promise.all(grads.map((g) => g.data()));
  tf.dispose(grads);
}

/**
 * Measures all `strategies` on the same inputs. Timed runs are interleaved round-robin, so a
 * change in machine load hits every strategy alike; a strategy stops once it has MIN_RUNS runs
 * and has spent BUDGET_MS, or has MAX_RUNS runs.
 */
async function measureAll(strategies: GroupLinearStrategy[], inputs: tf.Tensor[]): Promise<Cell[]> {
  const [x, w, b, r] = inputs as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
  const kernels = new Map<GroupLinearStrategy, number>();
  for (const strategy of strategies) {
    const t0 = performance.now();
    await runOnce(strategy, x, w, b, r);
    if (performance.now() - t0 < 500) await runOnce(strategy, x, w, b, r);
    const profile = await tf.profile(() => runOnce(strategy, x, w, b, r));
    kernels.set(strategy, profile.kernels.length);
  }
  const times = new Map<GroupLinearStrategy, number[]>(strategies.map((s) => [s, []]));
  const done = (s: GroupLinearStrategy): boolean => {
    const ts = times.get(s)!;
    return ts.length >= MAX_RUNS || (ts.length >= MIN_RUNS && ts.reduce((a, c) => a + c, 0) >= BUDGET_MS);
  };
  while (!strategies.every(done)) {
    for (const strategy of strategies.filter((s) => !done(s))) {
      const t = performance.now();
      await runOnce(strategy, x, w, b, r);
      times.get(strategy)!.push(performance.now() - t);
    }
  }
  return strategies.map((strategy) => {
    const ts = [...times.get(strategy)!].sort((p, q) => p - q);
    const median = ts[Math.floor(ts.length / 2)]!;
    return { strategy, median, min: ts[0]!, max: ts[ts.length - 1]!, runs: ts.length, kernels: kernels.get(strategy)! };
  });
}

const fmt = (ms: number): string => ms.toFixed(ms < 10 ? 2 : 1).padStart(8);

async function main(): Promise<void> {
  const strategies = Object.keys(GROUP_LINEAR_STRATEGIES) as GroupLinearStrategy[];
  console.log(`GroupLinear forward + backward (tf.grads of sum(y * r) wrt x, w, bias; await data(); dispose)`);
  console.log(`batch ${BATCH}, units ${UNITS}, sizes ${SIZES.map(([i, o]) => `${i} -> ${o}`).join(', ')}, seed ${SEED}`);
  console.log(`machine load average (1 min) at start: ${loadavg()[0]!.toFixed(2)}`);
  console.log(`runs per strategy: ${MIN_RUNS}..${MAX_RUNS} (${BUDGET_MS} ms budget) after warm-up, interleaved; * = DEFAULT_STRATEGY of the backend\n`);
  for (const backend of BACKENDS) {
    await tf.setBackend(backend);
    await tf.ready();
    for (const [inSize, outSize] of SIZES) {
      const inputs = makeInputs(inSize, outSize);
      console.log(`${backend}  [${BATCH}, ${UNITS}, ${inSize}] x [${UNITS}, ${inSize}, ${outSize}]`);
      console.log(`  ${'strategy'.padEnd(16)} ${'median'.padStart(8)} ${'min'.padStart(8)} ${'max'.padStart(8)}  runs  kernels  vs batched`);
      const skipped = (s: GroupLinearStrategy): boolean => s === 'reference' && BATCH * UNITS * inSize * outSize > REFERENCE_MAX_FLOATS;
      const cells = await measureAll(strategies.filter((s) => !skipped(s)), inputs);
      const base = cells.find((c) => c.strategy === 'batched')!;
      for (const strategy of strategies) {
        const cell = cells.find((c) => c.strategy === strategy);
        if (!cell) {
          console.log(`  ${strategy.padEnd(16)} skipped: its [batch, units, in, out] intermediate is ${BATCH * UNITS * inSize * outSize} floats`);
          continue;
        }
        const mark = DEFAULT_STRATEGY[backend] === strategy ? '*' : ' ';
        const ratio = `${(base.median / cell.median).toFixed(2)}x`;
        console.log(
          `${mark} ${strategy.padEnd(16)} ${fmt(cell.median)} ${fmt(cell.min)} ${fmt(cell.max)}  ${String(cell.runs).padStart(4)}  ${String(cell.kernels).padStart(7)}  ${ratio.padStart(10)}`,
        );
      }
      tf.dispose(inputs);
      console.log('');
    }
  }
  console.log(`machine load average (1 min) at end: ${loadavg()[0]!.toFixed(2)}`);
}

await main();
