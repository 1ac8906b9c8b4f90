import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { ConfigError, RimjsError } from '@rimjs/core';
import { npmMnistSplits } from '@rimjs/datasets';
import { gradientsRun, UnknownGroupError } from '../analysis/gradients-run.js';
import { nearestNeighbourAccuracy } from '../analysis/nearest-neighbour.js';
import { evaluateRun } from '../eval/evaluate-run.js';
import { MODEL_KINDS, type Preset } from '../presets/preset-types.js';
import { PRESETS, PRESET_NAMES, sizesWithDefaults } from '../presets/presets.js';
import { presetsTable } from '../presets/presets-table.js';
import { resolveRunConfig } from '../presets/resolve-run-config.js';
import { writeReport } from '../report/write-report.js';
import { RUN_FILES, defaultRunDir, readRunConfig, userCwd } from '../run/run-paths.js';
import { trainRun } from '../train/train-run.js';
import { isSeedsDir, readSeedsFile, seedFoldersIn } from '../seeds/seeds-file.js';
import { writeSeedsReport } from '../seeds/write-seeds-report.js';
import { parse } from './option-parsers.js';
import { evalSeedsRun, newSeedsRun, resumeSeedsRun } from './seeds-commands.js';
import { OPTION_OF, RESUME_OPTIONS, overridesFromOptions, type TrainOptions } from './train-options.js';
import { UsageError } from './usage-error.js';

/** Where the CLI writes. */
export interface CliIo {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
}

const kebab = (s: string): string => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** A ConfigError of the run config as a UsageError naming the options that set the fields. */
function asUsage(e: ConfigError, preset: string): UsageError {
  const options = new Set<string>();
  const lines = e.problems.map((p) => {
    const field = p.startsWith(`${preset}.`) ? p.slice(preset.length + 1).split(':')[0]! : '';
    const option = OPTION_OF[field] ?? (/^(task|sizes|train)\./.test(field) ? '--set' : null);
    if (option) options.add(option);
    return option ? `${p} (option ${option})` : p;
  });
  return new UsageError(lines.join('\n'), [...options][0] ?? null);
}

/** The `<run>` argument as an absolute folder holding a run.json (or, with `seedsToo`, a seeds.json). @throws UsageError naming `<run>` otherwise. */
function runDir(arg: string, seedsToo = false): string {
  const dir = resolve(userCwd(), arg);
  if (seedsToo && isSeedsDir(dir)) return dir;
  try {
    readRunConfig(dir);
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(`argument <run>: ${e.message}`, '<run>');
    throw e;
  }
  return dir;
}

function presetOf(name: string | undefined): Preset {
  if (name === undefined) throw new UsageError(`missing argument <preset> (one of ${PRESET_NAMES.join(', ')}), or --resume <run>`, '<preset>');
  const preset = PRESETS[name];
  if (!preset) throw new UsageError(`argument <preset>: unknown preset '${name}'; one of ${PRESET_NAMES.join(', ')}`, '<preset>');
  return preset;
}

async function train(presetName: string | undefined, o: TrainOptions, io: CliIo): Promise<number> {
  const quiet = o.quiet ?? false;
  const trainFolder = (seedOptions: TrainOptions): Promise<number> => train(undefined, seedOptions, io);
  if (o.resume !== undefined) {
    const changed = Object.keys(o).filter((k) => o[k as keyof TrainOptions] !== undefined && !RESUME_OPTIONS.has(k));
    if (changed.length > 0) {
      const opt = `--${kebab(changed[0]!)}`;
      throw new UsageError(`option '${opt}' cannot change a resumed run (it would change its losses); a resumed run takes only --steps, --lr-schedule and --decay-steps (where the rates of the steps already trained stay), --model, --backend, --engine, --quiet and the evaluation and logging options`, opt);
    }
    const dir = resolve(userCwd(), o.resume);
    if (isSeedsDir(dir)) return resumeSeedsRun(presetName, dir, o, io, trainFolder);
    if (o.parallel !== undefined) throw new UsageError("option '--parallel' applies to a seeds run (--seeds, or --resume of a folder with seeds.json)", '--parallel');
    let saved;
    try {
      saved = readRunConfig(dir);
    } catch (e) {
      if (e instanceof ConfigError) throw new UsageError(`option '--resume': ${e.message}`, '--resume');
      throw e;
    }
    if (presetName !== undefined && presetName !== saved.preset) {
      throw new UsageError(`argument <preset>: '${presetName}' differs from the resumed run's preset '${saved.preset}'; leave it out`, '<preset>');
    }
    const unknown = (o.model ?? []).filter((m) => !saved.models.some((s) => s.name === m));
    if (unknown.length > 0) throw new UsageError(`option '--model': the run has no model ${unknown.join(', ')} (it has ${saved.models.map((m) => m.name).join(', ')})`, '--model');
    const base: Preset = { name: saved.preset, summary: '', task: saved.task, models: saved.models.map((m) => m.name), sizes: sizesWithDefaults(saved.sizes), train: saved.train };
    let run;
    try {
      run = { ...resolveRunConfig(base, { ...overridesFromOptions(base, { ...o, model: undefined }) }), models: saved.models };
    } catch (e) {
      if (e instanceof ConfigError) throw asUsage(e, saved.preset);
      throw e;
    }
    const outcome = await trainRun({ run, dir, resume: true, quiet, ...(o.model ? { only: o.model } : {}), out: io.out });
    return outcome.exitCode;
  }
  const preset = presetOf(presetName);
  if (o.seeds !== undefined) return newSeedsRun(preset, { ...o, seeds: o.seeds }, io, trainFolder, (e) => asUsage(e, preset.name));
  if (o.parallel !== undefined) throw new UsageError("option '--parallel' applies to a seeds run (--seeds, or --resume of a folder with seeds.json)", '--parallel');
  let run;
  try {
    run = resolveRunConfig(preset, overridesFromOptions(preset, o));
  } catch (e) {
    if (e instanceof ConfigError) throw asUsage(e, preset.name);
    throw e;
  }
  const dir = o.out !== undefined ? resolve(userCwd(), o.out) : defaultRunDir(preset.name);
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new UsageError(`option '--out': ${dir} exists and is not empty; continue it with --resume ${dir} or choose another folder`, '--out');
  }
  const outcome = await trainRun({ run, dir, resume: false, quiet, out: io.out });
  return outcome.exitCode;
}

function listPresets(io: CliIo): void {
  io.out.write(`${presetsTable()}\n\n`);
  for (const name of PRESET_NAMES) io.out.write(`${name}: ${PRESETS[name]!.summary}\n`);
}

/** The commander program (exposed for the help text in the README). */
export function buildProgram(io: CliIo, result: { code: number }): Command {
  const program = new Command('rimjs-train')
    .description('Train RIMs and their LSTM / GRU baselines on the copying, adding and sequential-MNIST experiments of the RIM paper')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out.write(s), writeErr: (s) => io.err.write(s) })
    .showHelpAfterError('(add --help for usage)');
  program
    .command('train [preset]', { isDefault: true })
    .description(`train the models of a preset (${PRESET_NAMES.join(', ')}), or continue a run with --resume`)
    .addOption(new Option('--model <list>', `models to train, comma-separated: ${MODEL_KINDS.join(', ')} (default: the preset's)`).argParser(parse.models))
    .addOption(new Option('--units <n>', 'RIM units (numUnits)').argParser(parse.positiveInt))
    .addOption(new Option('--top-k <n>', 'RIM units active per step').argParser(parse.positiveInt))
    .addOption(new Option('--hidden <n>', 'RIM state size per unit').argParser(parse.positiveInt))
    .addOption(new Option('--baseline-hidden <n>', 'LSTM / GRU state size (default units x hidden)').argParser(parse.positiveInt))
    .addOption(new Option('--embedding <n>', 'token embedding (or value projection) size').argParser(parse.nonNegativeInt))
    .addOption(new Option('--dropout <rate>', 'dropout on the embedding and before the decoder').argParser(parse.rate))
    .addOption(new Option('--embedding-dropout <rate>', 'dropout on the embedding alone, in place of --dropout there (default: --dropout)').argParser(parse.rate))
    .addOption(new Option('--attention-dropout <rate>', 'RIM: dropout inside the input and communication attention (default: the cell preset\'s 0.1)').argParser(parse.rate))
    .addOption(new Option('--init-std <x>', 'RIM: std of the attention projections\' normal init (default: the cell preset\'s 0.01)').argParser(parse.positiveNumber))
    .addOption(new Option('--input-dropout-per <where>', 'RIM: the input dropout\'s mask per unit (official) or per input slot value (keeps the fused whole-sequence input product)').argParser(parse.dropoutPer))
    .addOption(new Option('--forget-bias <x>', 'added to every LSTM forget-gate bias at init (RIM units and the LSTM baseline)').argParser(parse.finiteNumber))
    .addOption(new Option('--cell <preset>', 'RIM cell preset: official (the code) or paper').argParser(parse.cell))
    .addOption(new Option('--unit-cell <kind>', 'each RIM unit\'s dynamics: lstm or gru').argParser(parse.unitCell))
    .addOption(new Option('--lr <x>', 'Adam learning rate (the peak under a schedule)').argParser(parse.positiveNumber))
    .addOption(new Option('--lr-schedule <kind>', 'learning rate over the run: constant, cosine (a half cosine from --lr to 0 at the last step), or wsd (--lr, then linearly down over the last --decay-steps)').argParser(parse.lrSchedule))
    .addOption(new Option('--warmup-steps <n>', 'steps of linear learning-rate warm-up (default 0)').argParser(parse.nonNegativeInt))
    .addOption(new Option('--decay-steps <n>', 'with --lr-schedule wsd: the last steps, over which the rate falls linearly from --lr').argParser(parse.positiveInt))
    .addOption(new Option('--clip <x>', 'gradient clipping: largest global norm').argParser(parse.positiveNumber))
    .addOption(new Option('--weight-decay <x>', "AdamW's decoupled weight decay on the weight matrices (default 0: Adam)").argParser(parse.nonNegativeNumber))
    .addOption(new Option('--steps <n>', 'optimizer steps per model').argParser(parse.positiveInt))
    .addOption(new Option('--batch <n>', 'batch size').argParser(parse.positiveInt))
    .addOption(new Option('--seed <n>', 'seed of data, weights and dropout').argParser(parse.nonNegativeInt))
    .addOption(new Option('--seeds <list>', 'train one run per seed, e.g. 1,2,3, into <out>/seed-<n>/; seeds.json and report.md give mean ± std').argParser(parse.seeds))
    .addOption(new Option('--parallel <n>', 'with --seeds: seeds trained at once in child processes (default 1: in sequence)').argParser(parse.positiveInt))
    .addOption(new Option('--eval-every <n>', 'evaluate every n steps (0: only at the end)').argParser(parse.nonNegativeInt))
    .addOption(new Option('--checkpoint-every <n>', 'write a checkpoint every n steps').argParser(parse.positiveInt))
    .addOption(new Option('--log-every <n>', 'a log line every n steps (quiet mode)').argParser(parse.positiveInt))
    .addOption(new Option('--eval-size <n>', 'examples per set in periodic evaluations').argParser(parse.positiveInt))
    .addOption(new Option('--final-eval-size <n>', 'examples per set in the final evaluation').argParser(parse.positiveInt))
    .addOption(new Option('--set <field=value>', 'any other preset field, e.g. task.trainDelay=100 (repeatable)').argParser(parse.set))
    .addOption(new Option('--backend <name>', 'tfjs backend: auto, tensorflow, wasm, cpu, webgpu').argParser(parse.backend))
    .addOption(new Option('--threads <n>', 'threads of a training step: 1 (default) or 2 (a worker thread takes half of each batch)').argParser(parse.threads))
    .addOption(new Option('--engine <name>', 'how RIM layers run: fused (default; one fused op per layer) or composed (the per-step reference)').argParser(parse.engine))
    .option('--out <dir>', 'run folder (default runs/<preset>-<time>)')
    .option('--resume <run>', 'continue the run (or every unfinished seed of the seeds run) in this folder from its checkpoints')
    .option('--quiet', 'log lines instead of the progress bar')
    .action(async (preset: string | undefined, o: TrainOptions) => {
      result.code = await train(preset, o, io);
    });
  program
    .command('eval <run>')
    .description('evaluate the checkpoints of a run (or of every seed of a seeds run) in and out of distribution, beside the paper\'s numbers')
    .addOption(new Option('--eval-size <n>', 'examples per set (default the run\'s finalEvalSize)').argParser(parse.positiveInt))
    .addOption(new Option('--backend <name>', 'tfjs backend (default the run\'s)').argParser(parse.backend))
    .action(async (dir: string, o: { evalSize?: number; backend?: TrainOptions['backend'] }) => {
      const path = runDir(dir, true);
      const options = { ...(o.evalSize ? { size: o.evalSize } : {}), ...(o.backend ? { backend: o.backend } : {}) };
      if (isSeedsDir(path)) await evalSeedsRun(path, options, io);
      else await evaluateRun({ dir: path, ...options, out: io.out });
    });
  program
    .command('gradients <run>')
    .description('the loss and gradient norms of the batch each checkpoint\'s next step would take: the largest per parameter, and with each part switched off (zeroed), to find the path a diverging run\'s gradient explodes through')
    .addOption(new Option('--zero <list>', 'parts to switch off, comma-separated parameter names or scopes (default: each RIM layer\'s inputAttention, cell and communication)').argParser(parse.names))
    .action(async (dir: string, o: { zero?: string[] }) => {
      const path = runDir(dir);
      try {
        await gradientsRun({ dir: path, ...(o.zero ? { zero: o.zero } : {}), out: io.out });
      } catch (e) {
        if (e instanceof UnknownGroupError) throw new UsageError(`option '--zero': ${e.detail}`, '--zero');
        throw e;
      }
    });
  program
    .command('report <run>')
    .description('write report.md and its SVG plots from the files of a run folder; for a seeds run, or a folder of seed-<n> run folders trained apart (--seed n), seeds.json and report.md over every seed in it')
    .action(async (dir: string) => {
      const path = resolve(userCwd(), dir);
      // a seeds run, or seed-<n> run folders trained apart and moved into one folder
      const seedsRun = isSeedsDir(path);
      const folders = seedsRun || !existsSync(join(path, RUN_FILES.run)) ? seedFoldersIn(path) : [];
      if (!seedsRun && folders.length === 0) {
        io.out.write(`wrote ${await writeReport(runDir(dir))}\n`);
        return;
      }
      try {
        const seeds = [...new Set([...(seedsRun ? readSeedsFile(path).seeds : []), ...folders])];
        await writeSeedsReport(path, seeds);
        io.out.write(`wrote ${path}/seeds.json and ${path}/report.md (seeds ${seeds.join(', ')})\n`);
      } catch (e) {
        if (e instanceof ConfigError) throw new UsageError(`argument <run>: ${e.message}`, '<run>');
        throw e;
      }
    });
  program
    .command('mnist-ceiling')
    .description('accuracy of the 1-nearest-neighbour classifier on the sequential-MNIST digits at each side (binarized, resized as the models read them): how much of a digit survives a small side')
    .addOption(new Option('--sides <list>', 'image sides, comma-separated').default([10, 12, 14], '10,12,14').argParser(parse.sides))
    .addOption(new Option('--size <n>', 'test digits').default(500).argParser(parse.positiveInt))
    .action((o: { sides: number[]; size: number }) => {
      const { train, test } = npmMnistSplits();
      for (const side of o.sides) io.out.write(`side ${side}: 1-NN accuracy ${(100 * nearestNeighbourAccuracy(train, test, side, o.size)).toFixed(1)} % (${o.size} test digits, ${train.count} training digits)\n`);
    });
  program
    .command('presets')
    .description('list the presets')
    .action(() => listPresets(io));
  return program;
}

/**
 * Runs the trainer's command line and returns the exit code: 0 done; 1 a failed run (bad
 * checkpoint, NaN loss); 2 a usage error (the message names the option); 130 / 143 stopped
 * by SIGINT / SIGTERM after saving.
 *
 * @example
 * process.exitCode = await runCli(['copying-small', '--steps', '100']);
 */
export async function runCli(argv: readonly string[], io: CliIo = { out: process.stdout, err: process.stderr }): Promise<number> {
  const result = { code: 0 };
  try {
    await buildProgram(io, result).parseAsync([...argv], { from: 'user' });
    return result.code;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.exitCode === 0 ? 0 : 2;
    }
    if (e instanceof UsageError) {
      io.err.write(`error: ${e.message}\n(add --help for usage)\n`);
      return 2;
    }
    if (e instanceof RimjsError) {
      io.err.write(`error: ${e.name}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
