// The playground's preset trained in Node on the same backend as the browser test (wasm, one
// thread), for the speed figure beside the page's: `pnpm --filter @rimjs/playground speed`.
import { initBackend } from '@rimjs/core';
import { ModelRun } from '../session/model-run.js';
import type { PlaygroundModel } from '../session/task-run.js';
import { resolvePlaygroundConfig } from '../session/playground-config.js';

const backend = await initBackend('wasm');
const config = resolvePlaygroundConfig();
const steps = Number(process.argv[2] ?? 30);
for (const m of ['rim', 'lstm'] as PlaygroundModel[]) {
  const run = new ModelRun(m, config);
  run.step(); // warm-up (kernel set-up, weight packing)
  const t0 = performance.now();
  for (let i = 1; i < steps; i++) run.step();
  const perSec = (1000 * (steps - 1)) / (performance.now() - t0);
  console.log(`node ${process.version} ${backend.name}: ${m.toUpperCase()} ${perSec.toFixed(1)} steps/s (playground default preset, ${steps - 1} timed steps)`);
  run.dispose();
}
