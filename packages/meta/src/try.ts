import { initBackend, Parameters, Rng } from '@rimjs/core';
import * as tf from '@tensorflow/tfjs-core';
import { AgentTrainer } from './index.js';
await initBackend('wasm');
const core = (process.argv[2] ?? 'lstm') as 'lstm';
const scheme = (process.argv[3] ?? 'joint') as 'joint';
const level = process.argv[4] ?? 'GoToObj';
const rs = +(process.argv[5] ?? 5);
const t = new AgentTrainer(new Parameters(new Rng(1)), {
  policy: { core }, ppo: { recurrence: 8, epochs: 4, numMinibatches: 4 }, scheme, lrFast: 1e-3, lrSlow: 3e-4, innerSteps: 1,
  trainTasks: [{ level, roomSize: rs }], evalTasks: [{ level, roomSize: rs }], numEnvs: 16, rolloutLength: 32, evalEpisodes: 32, seed: 1,
});
const t0 = Date.now();
for (let i = 0; i < +(process.argv[6] ?? 10); i++) {
  const l = t.iterate();
  if (i % 2 === 1) { const e = t.evaluate(); console.log(l.iteration, l.frames, 'train', l.successRate.toFixed(2), l.meanReturn.toFixed(3), 'eval', e.successRate.toFixed(2), e.meanReturn.toFixed(3), 'ent', l.update.entropy.toFixed(2), `${((Date.now() - t0) / 1000).toFixed(0)}s`, tf.memory().numTensors); }
}
