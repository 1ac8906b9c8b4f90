// Few-shot and continual learning with and without AIM on generated glyphs (and MNIST):
//   pnpm --filter @rimjs/aim-experiments experiment <preset> [--out DIR] [--resume] [--seeds 1,2,3] [--backend wasm|cpu] [--quiet]
// presets: fewshot-cpu, continual-cpu (run here), fewshot-paper, continual-paper (documented, hours), *-tiny (tests)
import { Command } from 'commander';
import { initBackend } from '@rimjs/core';
import { createProgress } from '@rimjs/runkit';
import { runPreset } from './run-preset.js';
import { PRESETS, type PresetName } from './presets.js';

const program = new Command()
  .name('aim-experiments')
  .argument('<preset>', `one of ${Object.keys(PRESETS).join(', ')}`)
  .option('--out <dir>', 'output folder (checkpoints, results, report)', 'runs/aim')
  .option('--resume', 'continue from the checkpoints and finished results in --out', false)
  .option('--seeds <list>', 'comma-separated seeds (default: the preset\'s)')
  .option('--backend <name>', 'tfjs backend', 'wasm')
  .option('--quiet', 'no progress bar', false)
  .action(async (name: string, opts: { out: string; resume: boolean; seeds?: string; backend: string; quiet: boolean }) => {
    if (!(name in PRESETS)) program.error(`unknown preset '${name}' (known: ${Object.keys(PRESETS).join(', ')})`);
    const seeds = opts.seeds?.split(',').map(Number);
    if (seeds && !seeds.every((s) => Number.isSafeInteger(s))) program.error(`--seeds must be integers, got ${opts.seeds}`);
    const info = await initBackend(opts.backend);
    console.log(`backend ${info.name} (${info.reason})`);
    const progress = createProgress({ quiet: opts.quiet, logEvery: 50 });
    const start = performance.now();
    const md = await runPreset(name as PresetName, { out: opts.out, resume: opts.resume, seeds, progress, command: process.argv.slice(2).join(' ') });
    progress.stop();
    console.log(md);
    console.log(`total wall time ${((performance.now() - start) / 1000).toFixed(1)} s`);
  });

await program.parseAsync();
