import { renderMarkdown, runBenchmarks, speedSuite, type TaskSize } from '@rimjs/benchmarks';

/** The README's example: a RIM and an LSTM training step at a tiny copying size, timed on cpu. */
export async function readmeExample(): Promise<string> {
  // 2 units of 4 (top 1) reading an embedding of 8, against an LSTM of 2 x 4 = 8; batch 4, 10 steps.
  const tiny: TaskSize = {
    task: 'copying', size: 'small', batch: 4, steps: 10, vocabSize: 10, outputSize: 10, loss: 'all',
    embedding: 8, units: 2, topK: 1, hidden: 4,
  };
  const suite = speedSuite({ sizes: [tiny], models: ['rim-official-lstm', 'lstm'], modes: ['train'] });
  const results = await runBenchmarks([suite], { backends: ['cpu'], warmup: 1, runs: 3 });
  for (const r of results.records) {
    console.log(`${r.caseId}: ${r.msPerStep.toFixed(2)} ms/step, ${r.gflops.toFixed(2)} GFLOP/s, leaked ${r.leakedTensors}`);
  }
  return renderMarkdown(results); // the report's tables; writeReport(dir, results) also writes the charts
}
