import { Command } from 'commander';
import { initBackend } from '@rimjs/core';
import { createProgress } from '@rimjs/runkit';
import { type ModelName, MODELS, PRESETS } from './presets.js';
import { writeReport } from './report.js';
import { runModel } from './run-model.js';

const program = new Command('meta-experiments').description('Fast and slow learning of RIMs: PPO agents on grid worlds, held-out tasks, learning curves');

program
  .command('run')
  .description('train every model x seed of a preset (resumable), then write the report')
  .requiredOption('--preset <name>', `one of ${Object.keys(PRESETS).join(', ')}`)
  .option('--models <list>', 'comma-separated subset of the preset models')
  .option('--seeds <list>', 'comma-separated subset of seeds')
  .option('--out <dir>', 'output folder', 'runs/meta')
  .option('--backend <name>', 'wasm | cpu', 'wasm')
  .option('--resume', 'continue from the checkpoints in --out', false)
  .option('--quiet', 'plain progress lines', false)
  .option('--stop-after <iterations>', 'stop every run after this many outer iterations (checkpointed; continue with --resume)')
  .action(async (o: { preset: string; models?: string; seeds?: string; out: string; backend: string; resume: boolean; quiet: boolean; stopAfter?: string }) => {
    const p = PRESETS[o.preset];
    if (!p) throw new Error(`--preset must be one of ${Object.keys(PRESETS).join(', ')}, got ${o.preset}`);
    const models = (o.models ? o.models.split(',') : p.models) as ModelName[];
    for (const m of models) if (!(m in MODELS)) throw new Error(`--models: unknown model '${m}' (known: ${Object.keys(MODELS).join(', ')})`);
    const seeds = o.seeds ? o.seeds.split(',').map(Number) : p.seeds;
    await initBackend(o.backend as 'wasm');
    const progress = createProgress({ quiet: o.quiet, logEvery: 1 });
    for (const seed of seeds) for (const model of models) await runModel(o.preset, p, model, seed, o.out, progress, o.resume, o.stopAfter ? Number(o.stopAfter) : Infinity);
    progress.stop();
    console.log(await writeReport(o.out, o.preset, `pnpm --filter @rimjs/meta-experiments experiment run ${process.argv.slice(3).join(' ')}`));
  });

program
  .command('report')
  .description('write report.md, results.json and the curves from the runs in --out')
  .requiredOption('--preset <name>', 'the preset the runs used')
  .option('--out <dir>', 'output folder', 'runs/meta')
  .action(async (o: { preset: string; out: string }) => {
    console.log(await writeReport(o.out, o.preset, `pnpm --filter @rimjs/meta-experiments experiment report --preset ${o.preset} --out ${o.out}`));
  });

await program.parseAsync();
