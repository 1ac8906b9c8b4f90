import { initBackend, Parameters, Rng } from '@rimjs/core';
import { AgentTrainer } from '@rimjs/meta';

await initBackend('wasm');
// A RIM agent (4 units, 2 active) learning fast and slow: unit cells in the inner loop,
// attention in the outer loop; one outer iteration on a 5x5 room, then held-out tasks.
const params = new Parameters(new Rng(1));
const trainer = new AgentTrainer(params, {
  policy: { core: 'rim', numUnits: 4, topK: 2, unitHidden: 16 },
  ppo: { recurrence: 4, epochs: 2, numMinibatches: 2 },
  scheme: 'meta', // or 'joint', 'reversed'
  lrFast: 1e-3,
  lrSlow: 3e-4,
  innerSteps: 1,
  trainTasks: [{ level: 'GoToObj', roomSize: 5 }],
  evalTasks: [{ level: 'GoToLocal', roomSize: 5, numDistractors: 2 }],
  numEnvs: 4,
  rolloutLength: 8,
  evalEpisodes: 4,
  seed: 1,
});
console.log(`slow: ${trainer.split.slow.length} attention tensors, fast: ${trainer.split.fast.length} others`);
const log = trainer.iterate(); // one fast (inner) PPO update, then one slow (outer) update
console.log(`${log.frames} frames of ${log.task}, ${log.episodes} episodes`);
const ev = trainer.evaluate(); // greedy, held-out object/colour combinations
console.log(`held-out success ${ev.successRate.toFixed(2)} over ${ev.perTask.length} task`);
trainer.dispose();
params.dispose();
