import { Command } from 'commander';
import { ConfigError, initBackend } from '@rimjs/core';
import { createProgress } from '@rimjs/runkit';
import { type ModelName, MODELS, type Preset, PRESETS } from './presets.js';
import { finalEval } from './final-eval.js';
import { orderJobs, runParallel } from './parallel-runs.js';
import { readRuns, writeReport } from './report.js';
import { runModel } from './run-model.js';

/** The preset named by `--preset`. @throws ConfigError naming the known ones. */
function presetOf(name: string): Preset {
  const p = PRESETS[name];
  if (!p) throw new ConfigError(`--preset must be one of ${Object.keys(PRESETS).join(', ')}, got ${name}`);
  return p;
}

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
  .option('--parallel <n>', 'runs (model x seed) trained at once in child processes (default 1: in sequence in this process)', '1')
  .option('--no-report', 'do not write the report at the end (the children of --parallel)')
  .action(async (o: { preset: string; models?: string; seeds?: string; out: string; backend: string; resume: boolean; quiet: boolean; stopAfter?: string; parallel: string; report: boolean }) => {
    const p = presetOf(o.preset);
    const models = (o.models ? o.models.split(',') : p.models) as ModelName[];
    for (const m of models) if (!(m in MODELS)) throw new ConfigError(`--models: unknown model '${m}' (known: ${Object.keys(MODELS).join(', ')})`);
    const seeds = o.seeds ? o.seeds.split(',').map(Number) : p.seeds;
    for (const s of seeds) if (!Number.isInteger(s) || s < 0) throw new ConfigError(`--seeds must be a comma-separated list of non-negative integers, got '${o.seeds}'`);
    const parallel = Number(o.parallel);
    if (!Number.isInteger(parallel) || parallel < 1) throw new ConfigError(`--parallel must be a positive integer, got '${o.parallel}'`);
    const command = `pnpm --filter @rimjs/meta-experiments experiment run ${process.argv.slice(3).join(' ')}`;
    if (parallel > 1) {
      const shared = ['--preset', o.preset, '--out', o.out, '--backend', o.backend, '--quiet', '--no-report', ...(o.resume ? ['--resume'] : []), ...(o.stopAfter ? ['--stop-after', o.stopAfter] : [])];
      const code = await runParallel(orderJobs(models, seeds), parallel, (j) => ['run', ...shared, '--models', j.model, '--seeds', String(j.seed)], process.stdout);
      if (o.report) console.log(await writeReport(o.out, o.preset, command));
      process.exitCode = code;
      return;
    }
    await initBackend(o.backend as 'wasm');
    const progress = createProgress({ quiet: o.quiet, logEvery: 1 });
    for (const seed of seeds) for (const model of models) await runModel(o.preset, p, model, seed, o.out, progress, o.resume, o.stopAfter ? Number(o.stopAfter) : Infinity);
    progress.stop();
    if (o.report) console.log(await writeReport(o.out, o.preset, command));
  });

program
  .command('eval')
  .description("evaluate every finished run's last checkpoint task by task (held-out and training combinations), then write the report")
  .requiredOption('--preset <name>', 'the preset the runs used')
  .option('--out <dir>', 'output folder', 'runs/meta')
  .option('--backend <name>', 'wasm | cpu', 'wasm')
  .action(async (o: { preset: string; out: string; backend: string }) => {
    const p = presetOf(o.preset);
    await initBackend(o.backend as 'wasm');
    for (const r of readRuns(o.out).filter((x) => x.preset === o.preset)) {
      if (!r.done) {
        console.log(`${r.model} s${r.seed}: not finished, skipped (continue it with run --resume)`);
        continue;
      }
      const e = await finalEval(o.out, o.preset, p, r.model, r.seed);
      console.log(`${r.model} s${r.seed} @ ${e.frames} frames: ${e.test.map((t, i) => `${t.task} ${(100 * t.successRate).toFixed(0)}% (train ${(100 * e.train[i]!.successRate).toFixed(0)}%)`).join(', ')}`);
    }
    console.log(await writeReport(o.out, o.preset, `pnpm --filter @rimjs/meta-experiments experiment eval --preset ${o.preset} --out ${o.out}`));
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
