// Trains TIM and a parameter-matched Transformer on one task and prints the comparison:
//   pnpm --filter @rimjs/tim-experiments experiment mnist [--steps N] [--seed N] [--backend wasm|cpu|auto]
//   pnpm --filter @rimjs/tim-experiments experiment <markov|markov-specialize> [--seeds 1,2,3] [--models tim,transformer]
//        [--steps N] [--set path=value ...] [--out DIR] [--report-only] [--backend wasm|cpu|auto]
import { resolve } from 'node:path';
import { initBackend } from '@rimjs/core';
import { type MarkovModel, runMarkov } from './markov-experiment.js';
import { writeMarkovReport } from './markov-report.js';
import { mnistExperiment } from './mnist-experiment.js';
import { MARKOV_PRESETS, MNIST_PRESET } from './presets.js';
import { withOverrides } from './preset-overrides.js';

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}
const flags = (args: string[], name: string): string[] => args.flatMap((a, i) => (a === `--${name}` && args[i + 1] !== undefined ? [args[i + 1]!] : []));
const fail = (msg: string): never => {
  console.error(msg);
  process.exit(2);
};

const args = process.argv.slice(2).filter((a) => a !== '--');
const task = args[0] ?? '';
if (task !== 'mnist' && !(task in MARKOV_PRESETS)) {
  fail(`usage: experiment <mnist|${Object.keys(MARKOV_PRESETS).join('|')}> [--steps N] [--seed N | --seeds 1,2,3] [--models tim,transformer] [--set path=value] [--out DIR] [--report-only] [--backend wasm|cpu|auto]`);
}
const steps = flag(args, 'steps');
if (steps !== undefined && !(Number.isInteger(Number(steps)) && Number(steps) >= 1)) fail(`--steps must be a positive integer, got ${steps}`);
const info = await initBackend(flag(args, 'backend') ?? 'wasm');
console.log(`backend ${info.name} (${info.reason})`);
const start = performance.now();
if (task === 'mnist') {
  const preset = steps === undefined ? MNIST_PRESET : { ...MNIST_PRESET, steps: Number(steps) };
  await mnistExperiment(preset, Number(flag(args, 'seed') ?? 1));
} else {
  let preset = withOverrides(MARKOV_PRESETS[task]!, flags(args, 'set'));
  if (steps !== undefined) preset = { ...preset, steps: Number(steps) };
  const seedList = flag(args, 'seeds') ?? flag(args, 'seed');
  const seeds = seedList === undefined ? [...preset.seeds] : seedList.split(',').map(Number);
  if (seeds.some((s) => !(Number.isSafeInteger(s) && s !== 0))) fail(`--seeds must be non-zero integers, got ${seedList}`);
  const models = (flag(args, 'models') ?? 'tim,transformer').split(',') as MarkovModel[];
  if (models.some((m) => m !== 'tim' && m !== 'transformer')) fail(`--models must list tim and/or transformer, got ${flag(args, 'models')}`);
  const out = resolve(flag(args, 'out') ?? `runs/tim-${task}`);
  const command = `pnpm --filter @rimjs/tim-experiments experiment ${args.filter((a) => a !== '--report-only').join(' ')}`;
  // --report-only: rewrite report.md and the curves from the run records already in --out
  if (!args.includes('--report-only')) for (const seed of seeds) for (const model of models) await runMarkov(task, preset, model, seed, out);
  console.log(`\n${await writeMarkovReport(out, task, preset, command)}\n\nreport: ${out}/report.md`);
}
console.log(`total wall time ${((performance.now() - start) / 1000).toFixed(1)} s`);
