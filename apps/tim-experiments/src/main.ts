// Trains TIM and a parameter-matched Transformer on one task and prints the comparison:
//   pnpm --filter @rimjs/tim-experiments experiment <mnist|markov> [--steps N] [--seed N] [--backend wasm|cpu|auto]
import { initBackend } from '@rimjs/core';
import { markovExperiment } from './markov-experiment.js';
import { mnistExperiment } from './mnist-experiment.js';
import { MARKOV_PRESET, MNIST_PRESET } from './presets.js';

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

const args = process.argv.slice(2).filter((a) => a !== '--');
const task = args[0];
if (task !== 'mnist' && task !== 'markov') {
  console.error('usage: experiment <mnist|markov> [--steps N] [--seed N] [--backend wasm|cpu|auto]');
  process.exit(2);
}
const base = task === 'mnist' ? MNIST_PRESET : MARKOV_PRESET;
const steps = flag(args, 'steps');
const preset = steps === undefined ? base : { ...base, steps: Number(steps) };
if (!Number.isInteger(preset.steps) || preset.steps < 1) {
  console.error(`--steps must be a positive integer, got ${steps}`);
  process.exit(2);
}
const seed = Number(flag(args, 'seed') ?? 1);
const info = await initBackend(flag(args, 'backend') ?? 'wasm');
console.log(`backend ${info.name} (${info.reason})`);
const start = performance.now();
if (task === 'mnist') await mnistExperiment(preset, seed);
else await markovExperiment(preset, seed);
console.log(`total wall time ${((performance.now() - start) / 1000).toFixed(1)} s`);
