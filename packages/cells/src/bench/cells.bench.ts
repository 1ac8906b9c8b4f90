// Times one cell step, forward and forward+backward, at RIM size on the cpu and wasm backends.
//   pnpm --filter @rimjs/cells bench [-- --runs 10 --warmup 3 --backends cpu,wasm]
// Each iteration builds its tensors inside the timed function, reads every result with
// `await data()` and disposes everything; the numbers are milliseconds per step.
import * as tf from '@tensorflow/tfjs-core';
import { defaultGroupLinearStrategy, Parameters, Rng } from '@rimjs/core';
import type { Cell, RecurrentState } from '../cell.js';
import { GroupLstmCell } from '../group-lstm-cell.js';
import { LstmCell } from '../lstm-cell.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}
const RUNS = Number(arg('runs', '10'));
const WARMUP = Number(arg('warmup', '3'));
const BACKENDS = arg('backends', 'cpu,wasm').split(',');
const SEED = 1;
const BATCH = 64;

interface Case {
  name: string;
  make: (params: Parameters) => { cell: Cell<RecurrentState>; inputShape: number[] };
}

const CASES: Case[] = [
  {
    name: 'GroupLstmCell units 6, in 400, hidden 100 (RIM size)',
    make: (p) => ({ cell: new GroupLstmCell(p, { units: 6, inputSize: 400, hiddenSize: 100 }), inputShape: [BATCH, 6, 400] }),
  },
  {
    name: 'LstmCell in 400, hidden 600 (LSTM-600 baseline)',
    make: (p) => ({ cell: new LstmCell(p, { inputSize: 400, hiddenSize: 600 }), inputShape: [BATCH, 400] }),
  },
  {
    name: 'LstmCell in 2400, hidden 600 (official block-diagonal as dense)',
    make: (p) => ({ cell: new LstmCell(p, { inputSize: 2400, hiddenSize: 600 }), inputShape: [BATCH, 2400] }),
  },
];

async function time(fn: () => Promise<void>): Promise<{ median: number; min: number; max: number }> {
  for (let i = 0; i < WARMUP; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const mid = ms.length >> 1;
  const median = ms.length % 2 ? ms[mid]! : (ms[mid - 1]! + ms[mid]!) / 2;
  return { median, min: ms[0]!, max: ms[ms.length - 1]! };
}

const fmt = (r: { median: number; min: number; max: number }): string =>
  `${r.median.toFixed(1).padStart(8)} ms (min ${r.min.toFixed(1)}, max ${r.max.toFixed(1)})`;

console.log(`cells.bench: batch ${BATCH}, seed ${SEED}, warmup ${WARMUP}, runs ${RUNS}, float32`);
for (const backend of BACKENDS) {
  if (!(await tf.setBackend(backend))) throw new Error(`cells.bench: backend '${backend}' did not start`);
  await tf.ready();
  console.log(`\n[${backend}] groupLinear strategy: ${defaultGroupLinearStrategy()}`);
  for (const c of CASES) {
    const params = new Parameters(new Rng(SEED));
    const { cell, inputShape } = c.make(params);
    const vars = params.trainable();
    const rng = new Rng(SEED + 1);
    const x = tf.randomNormal(inputShape, 0, 1, 'float32', rng.child('x').seed());
    const state = cell.initialState(BATCH);
    const forward = await time(async () => {
      const s = cell.step(x, state).state;
      await s.h.data();
      await s.c!.data();
      tf.dispose(s);
    });
    const before = tf.memory().numTensors;
    const backward = await time(async () => {
      const { value, grads } = tf.tidy(() =>
        tf.variableGrads(() => {
          const s = cell.step(x, state).state;
          return tf.add(tf.sum(s.h), tf.sum(s.c!)) as tf.Scalar;
        }, vars),
      );
      await value.data();
      for (const g of Object.values(grads)) await g.data();
      tf.dispose([value, grads]);
    });
    const leaked = tf.memory().numTensors - before;
    console.log(`  ${c.name}`);
    console.log(`    forward          ${fmt(forward)}`);
    console.log(`    forward+backward ${fmt(backward)}${leaked ? `  (LEAK: ${leaked} tensors)` : ''}`);
    tf.dispose([x, state]);
    params.dispose();
  }
}
