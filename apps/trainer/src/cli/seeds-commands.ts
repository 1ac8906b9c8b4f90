import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError } from '@rimjs/core';
import { evaluateRun } from '../eval/evaluate-run.js';
import type { Preset, RunConfig } from '../presets/preset-types.js';
import { resolveRunConfig } from '../presets/resolve-run-config.js';
import { defaultRunDir, userCwd } from '../run/run-paths.js';
import { CHECKPOINT_FILE } from '../checkpoint/checkpoint-format.js';
import { seedLines } from '../seeds/format-seed-metric.js';
import { readSeedsFile, seedDirName } from '../seeds/seeds-file.js';
import { trainSeeds } from '../seeds/train-seeds.js';
import { writeSeedsReport } from '../seeds/write-seeds-report.js';
import type { CliIo } from './run-cli.js';
import { overridesFromOptions, type TrainOptions } from './train-options.js';
import { UsageError } from './usage-error.js';

/** Trains or continues one seed folder in this process (the CLI's `--resume <seed dir>`). */
export type TrainFolder = (options: TrainOptions) => Promise<number>;

/** The options a resumed seed takes, as flags for a child trainer. */
function resumeFlags(o: TrainOptions): string[] {
  const flags: string[] = [];
  const add = (flag: string, value: string | number | undefined): void => {
    if (value !== undefined) flags.push(flag, String(value));
  };
  add('--steps', o.steps);
  add('--lr-schedule', o.lrSchedule);
  add('--decay-steps', o.decaySteps);
  add('--model', o.model?.join(','));
  add('--backend', o.backend);
  add('--engine', o.engine);
  add('--eval-every', o.evalEvery);
  add('--checkpoint-every', o.checkpointEvery);
  add('--log-every', o.logEvery);
  add('--eval-size', o.evalSize);
  add('--final-eval-size', o.finalEvalSize);
  return flags;
}

/** `o` without the options of the seeds run itself. */
function perSeed(o: TrainOptions): TrainOptions {
  const { seeds: _s, parallel: _p, resume: _r, out: _o, ...rest } = o;
  return rest;
}

/**
 * `pnpm train <preset> --seeds 1,2,3 [--parallel N] [options]`: one run config per seed (the
 * options applied to each, `train.seed` set), then {@link trainSeeds}.
 *
 * @throws UsageError for `--seed` beside `--seeds`, a bad option, or a non-empty `--out`.
 */
export async function newSeedsRun(preset: Preset, o: TrainOptions & { seeds: number[] }, io: CliIo, trainFolder: TrainFolder, asUsage: (e: ConfigError) => UsageError): Promise<number> {
  if (o.seed !== undefined) throw new UsageError("options '--seed' and '--seeds' exclude each other: --seeds trains one run per seed (--seeds 1 for one)", '--seeds');
  const base = overridesFromOptions(preset, perSeed(o));
  let runs: RunConfig[];
  try {
    runs = o.seeds.map((seed) => resolveRunConfig(preset, { ...base, train: { ...base.train, seed } }));
  } catch (e) {
    if (e instanceof ConfigError) throw asUsage(e);
    throw e;
  }
  const dir = o.out !== undefined ? resolve(userCwd(), o.out) : defaultRunDir(preset.name);
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new UsageError(`option '--out': ${dir} exists and is not empty; continue it with --resume ${dir} or choose another folder`, '--out');
  }
  return trainSeeds({
    dir, seeds: o.seeds, runs, parallel: o.parallel ?? 1, out: io.out,
    trainOne: (seedDir) => trainFolder({ resume: seedDir, ...(o.quiet ? { quiet: true } : {}) }),
    childArgs: (seedDir) => ['--resume', seedDir, '--quiet'],
  });
}

/**
 * `pnpm train --resume <seeds folder> [--parallel N] [--steps N ...]`: continues every seed that
 * has not finished (every seed with `--steps`), then rewrites seeds.json and report.md.
 *
 * @throws UsageError when `<preset>` names another preset than the folder's.
 */
export async function resumeSeedsRun(presetName: string | undefined, dir: string, o: TrainOptions, io: CliIo, trainFolder: TrainFolder): Promise<number> {
  const file = readSeedsFile(dir);
  if (presetName !== undefined && presetName !== file.preset) {
    throw new UsageError(`argument <preset>: '${presetName}' differs from the resumed seeds run's preset '${file.preset}'; leave it out`, '<preset>');
  }
  const rest = perSeed(o);
  return trainSeeds({
    dir, seeds: file.seeds, parallel: o.parallel ?? 1, out: io.out, retrainFinished: o.steps !== undefined || o.model !== undefined || o.lrSchedule !== undefined,
    trainOne: (seedDir) => trainFolder({ ...rest, resume: seedDir }),
    childArgs: (seedDir) => ['--resume', seedDir, '--quiet', ...resumeFlags(o)],
  });
}

/** `pnpm train eval <seeds folder>`: evaluates every seed folder with a checkpoint, then rewrites seeds.json and report.md. */
export async function evalSeedsRun(dir: string, options: Omit<Parameters<typeof evaluateRun>[0], 'dir'>, io: CliIo): Promise<void> {
  const file = readSeedsFile(dir);
  for (const seed of file.seeds) {
    const sdir = join(dir, seedDirName(seed));
    const models = readdirSync(sdir, { withFileTypes: true }).filter((d) => d.isDirectory() && existsSync(join(sdir, d.name, CHECKPOINT_FILE)));
    if (models.length === 0) {
      io.out.write(`== seed ${seed}: no checkpoint yet; skipped\n`);
      continue;
    }
    io.out.write(`== seed ${seed}: ${sdir}\n`);
    await evaluateRun({ ...options, dir: sdir, out: io.out });
  }
  const written = await writeSeedsReport(dir);
  io.out.write(`\n${seedLines(written).join('\n')}\nwrote ${join(dir, 'seeds.json')} and ${join(dir, 'report.md')}\n`);
}
