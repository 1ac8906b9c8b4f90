// The block-sparse RNN experiments: `pnpm --filter @rimjs/sparse-experiments experiment <preset> [options]`.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { initBackend } from '@rimjs/core';
import { loadCharCorpus } from '@rimjs/datasets';
import { createProgress, readJsonIfExists } from '@rimjs/runkit';
import { PRESETS } from './presets.js';
import { kjvTask, mnistTask, type Task } from './tasks.js';
import { trainRun, type RunResult } from './train-run.js';
import { writeReport } from './report.js';

/** The KJV text: verse references (`Ge1:1 `) are stripped from each line. */
export const KJV_HINT = `make it with: apt-get install bible-kjv && bible -f "Gen1:1-Rev22:21" > kjv.txt`;
export const KJV_PREFIX = /^[1-3]?[A-Za-z]+\d+:\d+ /;

const program = new Command()
  .argument('<preset>', `one of ${Object.keys(PRESETS).join(', ')}`)
  .option('--kjv <path>', 'the KJV text (kjv presets)', 'kjv.txt')
  .option('--out <dir>', 'output folder', 'runs/sparse')
  .option('--backend <name>', 'wasm | cpu', 'wasm')
  .option('--runs <ids>', 'only these run ids (comma separated)')
  .option('--seeds <list>', 'override the preset seeds')
  .option('--steps <n>', 'override the preset steps (the schedule scales with it)')
  .option('--resume', 'continue from checkpoints, skip finished runs', false)
  .option('--quiet', 'plain progress lines', false)
  .parse();
const [name] = program.args;
const o = program.opts<{ kjv: string; out: string; backend: string; runs?: string; seeds?: string; steps?: string; resume: boolean; quiet: boolean }>();
const base = PRESETS[name!];
if (!base) {
  console.error(`unknown preset '${name}'; known: ${Object.keys(PRESETS).join(', ')}`);
  process.exit(2);
}
const preset = o.steps ? { ...base, steps: Number(o.steps), checkpointEvery: Math.min(base.checkpointEvery, Number(o.steps)) } : base;
const info = await initBackend(o.backend as 'wasm');
let task: Task;
if (preset.task === 'kjv') {
  const corpus = await loadCharCorpus(o.kjv, { stripLinePrefix: KJV_PREFIX }, KJV_HINT);
  console.log(`KJV: ${corpus.vocabSize} symbols; train ${corpus.splits.train.length}, valid ${corpus.splits.valid.length}, test ${corpus.splits.test.length} characters`);
  task = kjvTask(preset, corpus);
} else {
  task = mnistTask(preset);
}
const only = o.runs?.split(',');
const seeds = o.seeds ? o.seeds.split(',').map(Number) : preset.seeds;
const progress = createProgress({ quiet: o.quiet, logEvery: 50 });
const results: RunResult[] = [];
for (const spec of preset.runs.filter((r) => !only || only.includes(r.id))) {
  for (const seed of seeds) {
    const r = await trainRun(preset, spec, seed, task, o.out, progress, o.resume, info.name);
    results.push(r);
    progress.log(`${r.run} s${seed}: ${r.metric} ${r.value.toFixed(4)}, recurrent sparsity ${(100 * r.recurrentSparsity).toFixed(1)} %, ${r.trainSec.toFixed(0)} s`);
  }
}
// The report covers every finished run of the preset in this folder (earlier invocations too).
const dir = join(o.out, preset.name);
for (const entry of existsSync(dir) ? readdirSync(dir) : []) {
  const r = readJsonIfExists<RunResult>(join(dir, entry, 'result.json'));
  if (r === null) continue;
  if (!results.some((x) => x.run === r.run && x.seed === r.seed) && preset.runs.some((s) => s.id === r.run)) results.push(r);
}
results.sort((a, b) => a.seed - b.seed);
const command = `pnpm --filter @rimjs/sparse-experiments experiment ${process.argv.slice(2).join(' ')}`;
const md = await writeReport(dir, preset, results, command);
console.log(md);
