// Bouncing balls, RIM against LSTM (RIM paper section 4.2), at CPU scale:
//   pnpm --filter @rimjs/balls-experiments experiment balls4 --out runs/balls4
import { Command } from 'commander';
import { ConfigError, initBackend } from '@rimjs/core';
import { createProgress } from '@rimjs/runkit';
import { runBallsExperiment } from './experiment.js';
import { PRESETS } from './presets.js';
import { writeBallsReport } from './report.js';

const program = new Command('experiment')
  .description('train RIM and LSTM next-frame predictors on bouncing balls (resuming from checkpoints), roll them out, write the report')
  .argument('<preset>', `one of ${Object.keys(PRESETS).join(', ')}`)
  .option('--out <dir>', 'run folder (checkpoints, results, report.md)')
  .option('--seeds <list>', "comma-separated seeds (default: the preset's)")
  .option('--steps <n>', "Adam steps (default: the preset's)")
  .option('--backend <name>', 'wasm | cpu | auto', 'wasm')
  .option('--quiet', 'plain progress lines instead of a bar', false)
  .action(async (name: string, opts: { out?: string; seeds?: string; steps?: string; backend: string; quiet: boolean }) => {
    const base = PRESETS[name];
    if (!base) throw new ConfigError(`preset: must be one of ${Object.keys(PRESETS).join(', ')}, got '${name}'`);
    const seeds = opts.seeds ? opts.seeds.split(',').map(Number) : base.seeds;
    const steps = opts.steps === undefined ? base.steps : Number(opts.steps);
    if (!seeds.every((s) => Number.isInteger(s))) throw new ConfigError(`--seeds: must be comma-separated integers, got '${opts.seeds}'`);
    if (!Number.isInteger(steps) || steps < 1) throw new ConfigError(`--steps: must be a positive integer, got '${opts.steps}'`);
    const preset = { ...base, seeds, steps };
    const out = opts.out ?? `runs/balls-${name}`;
    const info = await initBackend(opts.backend);
    console.log(`backend ${info.name} (${info.reason})`);
    const t0 = performance.now();
    const progress = createProgress({ quiet: opts.quiet, logEvery: 25 });
    const results = await runBallsExperiment(preset, out, progress);
    progress.stop();
    console.log(await writeBallsReport(preset, name, results, out, `pnpm --filter @rimjs/balls-experiments experiment ${process.argv.slice(2).join(' ')}`, (performance.now() - t0) / 1000));
  });

await program.parseAsync(process.argv);
