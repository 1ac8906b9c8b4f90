// Block-sparse matmul vs dense matmul, per block size and sparsity: prints a table and, for
// each block size, the lowest measured sparsity at which the block-sparse form beats dense.
//   pnpm --filter @rimjs/sparse-experiments bench [--backend wasm|cpu] [--rows 256] [--cols 1024] [--batch 1,32] [--runs 20]
import * as tf from '@tensorflow/tfjs-core';
import { Command } from 'commander';
import { Rng, initBackend } from '@rimjs/core';
import { bsrMatMul, denseToBsr, prepareBsr, type BsrMethod } from '@rimjs/sparse';
import { writeJson } from '@rimjs/runkit';
import { timeMs } from './inference-time.js';

const program = new Command()
  .option('--backend <name>', 'wasm or cpu', 'wasm')
  .option('--rows <n>', 'W rows (input size)', '256')
  .option('--cols <n>', 'W cols (output size, 4 * hidden for an LSTM)', '1024')
  .option('--batch <list>', 'batch sizes', '1,32')
  .option('--blocks <list>', 'block sides', '4,8,16,32')
  .option('--sparsities <list>', 'block sparsities', '0,0.5,0.7,0.8,0.9,0.95')
  .option('--runs <n>', 'timed runs (median)', '20')
  .option('--method <m>', 'kernel or grouped', 'kernel')
  .option('--out <file>', 'also write the numbers as JSON')
  .parse();
const o = program.opts<{ backend: string; rows: string; cols: string; batch: string; blocks: string; sparsities: string; runs: string; method: string; out?: string }>();
const list = (s: string) => s.split(',').map(Number);
const info = await initBackend(o.backend as 'wasm');
const [rows, cols, runs] = [Number(o.rows), Number(o.cols), Number(o.runs)];

const time = (f: () => tf.Tensor) => timeMs(f, runs);

console.log(`backend ${info.name}; method ${o.method}; W [${rows}, ${cols}]; median of ${runs} runs (ms), p90 - p10 in brackets; seed 1`);
const results: Array<Record<string, number | string>> = [];
for (const batch of list(o.batch)) {
  const x = tf.randomNormal([batch, rows], 0, 1, 'float32', 1) as tf.Tensor2D;
  const wDense = tf.randomNormal([rows, cols], 0, 1, 'float32', 2) as tf.Tensor2D;
  const dense = time(() => tf.matMul(x, wDense));
  console.log(`\nbatch ${batch}: dense tf.matMul ${dense.median.toFixed(3)} ms [${dense.spread.toFixed(3)}]`);
  console.log(`block | ${list(o.sparsities).map((s) => `${(s * 100).toFixed(0)}%`.padStart(15)).join(' ')} | beats dense from`);
  for (const side of list(o.blocks)) {
    const cells: string[] = [];
    let from: number | null = null;
    for (const s of list(o.sparsities)) {
      const rng = new Rng(`${side}-${s}`);
      const w = wDense.dataSync().slice();
      const gc = cols / side;
      const keep = Array.from({ length: (rows / side) * gc }, () => rng.float() >= s);
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) if (!keep[Math.floor(r / side) * gc + Math.floor(c / side)]) w[r * cols + c] = 0;
      const prepared = prepareBsr(denseToBsr(w, rows, cols, [side, side]));
      const t = time(() => bsrMatMul(x, prepared, o.method as BsrMethod));
      prepared.dispose();
      const speedup = dense.median / t.median;
      if (speedup > 1 && from === null) from = s;
      cells.push(`${t.median.toFixed(3)} (${speedup.toFixed(2)}x)`.padStart(15));
      results.push({ backend: info.name, method: o.method, rows, cols, batch, block: side, sparsity: s, ms: t.median, spread: t.spread, denseMs: dense.median, speedup });
    }
    console.log(`${String(side).padStart(2)}x${String(side).padEnd(2)} | ${cells.join(' ')} | ${from === null ? 'never (measured)' : `${from * 100}%`}`);
  }
  tf.dispose([x, wDense]);
}
if (o.out) await writeJson(o.out, results);
