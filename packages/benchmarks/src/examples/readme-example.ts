import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '@rimjs/core';
import { groupLinearSuite, matmulFlops, measure, runBenchmarks, writeReport } from '@rimjs/benchmarks';

await initBackend('cpu');
// Time one function: warm-up, timed runs that read the result back, leak check.
const x = tf.randomNormal([64, 600], 0, 1, 'float32', 1); // [batch, in]
const w = tf.randomNormal([600, 600], 0, 1, 'float32', 2); // [in, out]
const m = await measure(async () => {
  const y = tf.tidy(() => tf.matMul(x, w)); // [batch, out]
  await y.data(); // read back: the work is done, not only queued
  y.dispose();
}, { warmup: 2, runs: 5, label: 'matMul' });
const gflops = matmulFlops(64, 600, 600) / (m.msMedian * 1e6);
console.log(`${m.msMedian.toFixed(2)} ms (${m.msMin.toFixed(2)}-${m.msMax.toFixed(2)}), ${gflops.toFixed(2)} GFLOP/s, leaked ${m.leakedTensors}`);
tf.dispose([x, w]);

// Run a suite and write results.json, report.md and SVG charts.
const suite = groupLinearSuite({ size: 'small', batch: 4, scalingUnits: [2, 6] });
const results = await runBenchmarks([suite], { backends: ['cpu'], runs: 3 });
const { files } = await writeReport(process.env.BENCH_OUT ?? 'bench-results/example', results);
console.log(files);
