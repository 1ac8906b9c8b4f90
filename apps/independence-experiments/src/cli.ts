// The independence experiment: a conv VAE on MNIST and Fashion-MNIST, trained normally and with
// the independence penalty; SDR per decoder conv; samples scored after stretching each conv.
//   pnpm --filter @rimjs/independence-experiments experiment run --preset cpu --out runs/cpu
import { Command } from 'commander';
import { ConfigError, initBackend } from '@rimjs/core';
import { createProgress } from '@rimjs/runkit';
import { runExperiment } from './experiment.js';
import { PRESETS } from './presets.js';
import { writeReport } from './report.js';

const program = new Command('experiment');
program
  .command('run')
  .description('train (or resume) every run of a preset and write the report')
  .option('--preset <name>', `one of ${Object.keys(PRESETS).join(', ')}`, 'cpu')
  .option('--out <dir>', 'output folder (checkpoints, runs/*.json, grids, report.md)', 'runs/independence')
  .option('--backend <name>', 'wasm | cpu | auto', 'wasm')
  .option('--datasets <list>', 'comma-separated subset of the preset\'s data sets')
  .option('--seeds <list>', 'comma-separated subset of the preset\'s seeds')
  .option('--quiet', 'plain progress lines instead of a bar', false)
  .action(async (opts: { preset: string; out: string; backend: string; datasets?: string; seeds?: string; quiet: boolean }) => {
    const base = PRESETS[opts.preset];
    if (!base) throw new ConfigError(`--preset: must be one of ${Object.keys(PRESETS).join(', ')}, got '${opts.preset}'`);
    const preset = {
      ...base,
      datasets: opts.datasets ? (opts.datasets.split(',') as typeof base.datasets) : base.datasets,
      seeds: opts.seeds ? opts.seeds.split(',').map(Number) : base.seeds,
    };
    const info = await initBackend(opts.backend);
    console.log(`backend ${info.name} (${info.reason})`);
    const t0 = performance.now();
    const progress = createProgress({ quiet: opts.quiet, logEvery: 50 });
    const result = await runExperiment(preset, opts.out, progress);
    progress.stop();
    const text = await writeReport(result, opts.out, `experiment run ${process.argv.slice(3).join(' ')}`, (performance.now() - t0) / 1000);
    console.log(text);
  });

await program.parseAsync(process.argv);
