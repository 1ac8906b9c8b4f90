// Forward + backward time of the RIM-sized attention cases, on cpu and wasm.
// Run: pnpm --filter @rimjs/attention bench   (or: node --conditions=@rimjs/source --import tsx src/bench/attention.bench.ts)
// Options: --backends=cpu,wasm --runs=20 --warmup=3
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, Parameters, Rng } from '@rimjs/core';
import { InputAttention, MultiHeadAttention } from '../index.js';
import { attend } from '../internal/attend.js';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const BACKENDS = (args.backends ?? 'cpu,wasm').split(',');
const RUNS = Number(args.runs ?? 20);
const WARMUP = Number(args.warmup ?? 3);
const SEED = 1;

interface Stats { median: number; min: number; max: number }

async function time(fn: () => tf.Tensor[]): Promise<Stats> {
  const ms: number[] = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const t0 = performance.now();
    const out = fn();
    await Promise.all(out.map((t) => t.data()));
    const t1 = performance.now();
    out.forEach((t) => t.dispose());
    if (i >= WARMUP) ms.push(t1 - t0);
  }
  ms.sort((a, b) => a - b);
  return { median: ms[Math.floor(ms.length / 2)]!, min: ms[0]!, max: ms[ms.length - 1]! };
}

function fmt(s: Stats): string {
  return `median ${s.median.toFixed(2)} ms  (min ${s.min.toFixed(2)}, max ${s.max.toFixed(2)})`;
}

function randn(shape: number[], seed: number): tf.Tensor {
  return tf.randomNormal(shape, 0, 1, 'float32', new Rng(seed).seed());
}

/** value + all parameter gradients (+ input gradients) of sum(output * R) */
function fwdBwd(params: Parameters, f: () => tf.Tensor, R: tf.Tensor): () => tf.Tensor[] {
  return () => {
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(f(), R)) as tf.Scalar, params.trainable());
    return [value, ...Object.values(grads)];
  };
}

async function main(): Promise<void> {
  console.log(`attention bench: runs ${RUNS}, warmup ${WARMUP}, seed ${SEED}, node ${process.version}`);
  for (const backend of BACKENDS) {
    const info = await initBackend(backend);
    console.log(`\n== backend ${info.name} ==`);

    // Input attention: batch 64, 6 units of hk 100, input 600 -> key 64, value 400 (official RIM read).
    {
      const params = new Parameters(new Rng(SEED));
      const read = new InputAttention(params, { units: 6, querySize: 100, inputSize: 600 });
      const h = randn([64, 6, 100], 2) as tf.Tensor3D;
      const x = randn([64, 600], 3) as tf.Tensor2D;
      const R = randn([64, 6, 400], 4);
      const fwd = await time(() => Object.values(read.apply(h, x, { training: true, seed: 5 })));
      const both = await time(fwdBwd(params, () => read.apply(h, x, { training: true, seed: 5 }).output, R));
      console.log(`InputAttention b64 K6 hk100 in600 key64 val400   forward          ${fmt(fwd)}`);
      console.log(`InputAttention b64 K6 hk100 in600 key64 val400   forward+backward ${fmt(both)}`);
      params.dispose();
      tf.dispose([h, x, R]);
    }
    // Communication: 4 heads of 16 over 6 units of 100, per-unit q/k/v, gated, residual (official RIM).
    {
      const params = new Parameters(new Rng(SEED));
      const comm = new MultiHeadAttention(params, { units: 6, querySize: 100 });
      const h = randn([64, 6, 100], 6) as tf.Tensor3D;
      const R = randn([64, 6, 100], 7);
      const fwd = await time(() => Object.values(comm.apply(h, undefined, { training: true, seed: 8 })));
      const both = await time(fwdBwd(params, () => comm.apply(h, undefined, { training: true, seed: 8 }).output, R));
      console.log(`MultiHeadAttention b64 K6 hk100 4x16 gated       forward          ${fmt(fwd)}`);
      console.log(`MultiHeadAttention b64 K6 hk100 4x16 gated       forward+backward ${fmt(both)}`);
      params.dispose();
      tf.dispose([h, R]);
    }
    // Keys pre-transposed (what the layers do) vs matMul(q, k, false, true), forward+backward.
    for (const [nq, nk] of [[6, 6], [64, 64]] as const) {
      const q = randn([64, 4, nq, 16], 9) as tf.Tensor4D;
      const k = randn([64, 4, nk, 16], 10) as tf.Tensor4D;
      const v = randn([64, 4, nk, 16], 11) as tf.Tensor4D;
      const opts = { where: 'bench', scale: 0.25, dropout: 0 };
      const explicit = await time(() => {
        const { value, grads } = tf.valueAndGrads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
          tf.sum(attend(a as tf.Tensor4D, tf.transpose(b, [0, 1, 3, 2]) as tf.Tensor4D, c as tf.Tensor4D, opts).output) as tf.Scalar,
        )([q, k, v]);
        return [value, ...grads];
      });
      const flagged = await time(() => {
        const { value, grads } = tf.valueAndGrads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
          tf.sum(attend(a as tf.Tensor4D, b as tf.Tensor4D, c as tf.Tensor4D, { ...opts, keysTransposed: false }).output) as tf.Scalar,
        )([q, k, v]);
        return [value, ...grads];
      });
      console.log(`SDPA [64,4,${nq},16]x[64,4,${nk},16] transpose(k) then matMul  fwd+bwd ${fmt(explicit)}`);
      console.log(`SDPA [64,4,${nq},16]x[64,4,${nk},16] matMul(transposeB)        fwd+bwd ${fmt(flagged)}`);
      tf.dispose([q, k, v]);
    }
    // A fixed number of ops whatever the number of units.
    for (const units of [2, 6, 12]) {
      const params = new Parameters(new Rng(SEED));
      const comm = new MultiHeadAttention(params.scope('comm'), { units, querySize: 100 });
      const read = new InputAttention(params.scope('input'), { units, querySize: 100, inputSize: 600 });
      const h = randn([8, units, 100], 1) as tf.Tensor3D;
      const x = randn([8, 600], 2) as tf.Tensor2D;
      const count = async (f: () => void): Promise<number> => {
        await tf.profile(f); // warm-up: the first call of a process dispatches one-time kernels
        return (await tf.profile(f)).kernels.length;
      };
      const grads = (loss: () => tf.Scalar) => () => tf.tidy(() => void tf.variableGrads(loss, params.trainable()));
      const rf = await count(() => tf.tidy(() => void read.apply(h, x)));
      const rb = await count(grads(() => tf.sum(read.apply(h, x).output)));
      const cf = await count(() => tf.tidy(() => void comm.apply(h)));
      const cb = await count(grads(() => tf.sum(comm.apply(h).output)));
      console.log(`kernels (forward / forward+backward), ${String(units).padStart(2)} units: InputAttention ${rf} / ${rb}, MultiHeadAttention ${cf} / ${cb}`);
      params.dispose();
      tf.dispose([h, x]);
    }
  }
}

await main();
