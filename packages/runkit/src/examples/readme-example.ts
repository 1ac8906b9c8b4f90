import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { glorotUniform, initBackend, Parameters, Rng } from '@rimjs/core';
import { createAdam, learningRateAt, loadCheckpoint, readCheckpoint, setLearningRate, summarize, writeCheckpoint } from '@rimjs/runkit';

await initBackend('auto'); // native TensorFlow if installed, else wasm, else cpu

const params = new Parameters(new Rng(1));
params.add('w', [4, 3], glorotUniform());
const identity = { preset: 'demo', seed: 1 }; // what fixes the run's losses
const path = join(mkdtempSync(join(tmpdir(), 'runkit-')), 'model.safetensors');
const adam = createAdam(1e-3);
await writeCheckpoint(path, params, adam, { format: 'demo-run/1', step: 0, elapsedSec: 0, identity });

const ck = await readCheckpoint(path, 'demo-run/1'); // refuses another format or a corrupt file
const resumed = createAdam(1e-3);
await loadCheckpoint(ck, params, identity, resumed); // refuses another identity or shapes
console.log(ck.step, [...ck.file.tensors.keys()].sort().join(','));
const rate = learningRateAt({ lr: 1e-3, schedule: 'cosine', warmupSteps: 10, steps: 110 }, 60); // 5e-4: half way down the cosine
setLearningRate(resumed, rate); // the next applyGradients steps with it

const s = summarize([0.61, 0.64, 0.6]); // over seeds
console.log(s.mean.toFixed(4), s.std.toFixed(4), s.ci95.toFixed(4));
params.dispose();
adam.dispose();
resumed.dispose();
