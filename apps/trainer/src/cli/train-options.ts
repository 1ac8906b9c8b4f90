import type { BackendName } from '@rimjs/core';
import type { LrSchedule } from '@rimjs/runkit';
import type { ModelKind, Preset } from '../presets/preset-types.js';
import { knownTaskFields, type RunOverrides } from '../presets/resolve-run-config.js';
import { UsageError } from './usage-error.js';

/** The options of `pnpm train <preset>` as commander parses them. */
export interface TrainOptions {
  model?: ModelKind[];
  units?: number;
  topK?: number;
  hidden?: number;
  baselineHidden?: number;
  embedding?: number;
  dropout?: number;
  embeddingDropout?: number;
  attentionDropout?: number;
  forgetBias?: number;
  initStd?: number;
  inputDropoutPer?: 'unit' | 'slot';
  cell?: 'official' | 'paper';
  unitCell?: 'lstm' | 'gru';
  lr?: number;
  lrSchedule?: LrSchedule;
  warmupSteps?: number;
  decaySteps?: number;
  clip?: number;
  weightDecay?: number;
  steps?: number;
  batch?: number;
  seed?: number;
  /** Train every seed into `<out>/seed-<n>/` (see `trainSeeds`). */
  seeds?: number[];
  /** Seeds trained at once, in child processes (default 1: in sequence, in this process). */
  parallel?: number;
  evalEvery?: number;
  checkpointEvery?: number;
  logEvery?: number;
  evalSize?: number;
  finalEvalSize?: number;
  backend?: BackendName;
  engine?: 'fused' | 'composed';
  threads?: 1 | 2;
  set?: string[];
  out?: string;
  resume?: string;
  quiet?: boolean;
}

/** Preset field -> the option that sets it (for messages). */
export const OPTION_OF: Readonly<Record<string, string>> = {
  'sizes.units': '--units',
  'sizes.topK': '--top-k',
  'sizes.hidden': '--hidden',
  'sizes.baselineHidden': '--baseline-hidden',
  'sizes.embedding': '--embedding',
  'sizes.dropout': '--dropout',
  'sizes.embeddingDropout': '--embedding-dropout',
  'sizes.attentionDropout': '--attention-dropout',
  'sizes.forgetBias': '--forget-bias',
  'sizes.initStd': '--init-std',
  'sizes.inputDropoutPer': '--input-dropout-per',
  'sizes.cell': '--cell',
  'sizes.unitCell': '--unit-cell',
  'train.lr': '--lr',
  'train.lrSchedule': '--lr-schedule',
  'train.warmupSteps': '--warmup-steps',
  'train.decaySteps': '--decay-steps',
  'train.clip': '--clip',
  'train.weightDecay': '--weight-decay',
  'train.steps': '--steps',
  'train.batchSize': '--batch',
  'train.seed': '--seed',
  'train.evalEvery': '--eval-every',
  'train.checkpointEvery': '--checkpoint-every',
  'train.logEvery': '--log-every',
  'train.evalSize': '--eval-size',
  'train.finalEvalSize': '--final-eval-size',
  'train.backend': '--backend',
  'train.engine': '--engine',
  'train.threads': '--threads',
  models: '--model',
};

const SIZE_OPTIONS = ['units', 'topK', 'hidden', 'baselineHidden', 'embedding', 'dropout', 'embeddingDropout', 'attentionDropout', 'forgetBias', 'initStd', 'inputDropoutPer', 'cell', 'unitCell'] as const;
const TRAIN_OPTIONS: ReadonlyArray<readonly [keyof TrainOptions, string]> = [
  ['lr', 'lr'], ['lrSchedule', 'lrSchedule'], ['warmupSteps', 'warmupSteps'], ['decaySteps', 'decaySteps'], ['clip', 'clip'], ['weightDecay', 'weightDecay'], ['steps', 'steps'], ['batch', 'batchSize'], ['seed', 'seed'],
  ['evalEvery', 'evalEvery'], ['checkpointEvery', 'checkpointEvery'], ['logEvery', 'logEvery'],
  ['evalSize', 'evalSize'], ['finalEvalSize', 'finalEvalSize'], ['backend', 'backend'], ['engine', 'engine'], ['threads', 'threads'],
];

/** A `--set` value typed like the preset's current value of that field. */
function coerce(entry: string, current: unknown, text: string): unknown {
  const bad = (expected: string): UsageError => new UsageError(`option '--set ${entry}': expected ${expected}, got '${text}'`, '--set');
  if (Array.isArray(current)) {
    const list = text.split(',').map((s) => Number(s.trim()));
    if (text.trim() === '' || list.some((n) => !Number.isFinite(n))) throw bad('a comma-separated list of numbers');
    return list;
  }
  if (typeof current === 'number' || current === null) {
    if (current === null && text === 'null') return null;
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n)) throw bad(current === null ? 'a number or null' : 'a number');
    return n;
  }
  if (typeof current === 'boolean') {
    if (text !== 'true' && text !== 'false') throw bad('true or false');
    return text === 'true';
  }
  return text;
}

/**
 * Turns the options into {@link RunOverrides} of `preset`: the named options, then every
 * `--set section.field=value` (typed like the preset's field).
 *
 * @throws UsageError naming `--set` for an unknown field or a value of the wrong type.
 */
export function overridesFromOptions(preset: Preset, o: TrainOptions): RunOverrides {
  const sizes: Record<string, unknown> = {};
  const train: Record<string, unknown> = {};
  const task: Record<string, unknown> = {};
  for (const k of SIZE_OPTIONS) if (o[k] !== undefined) sizes[k] = o[k];
  for (const [opt, field] of TRAIN_OPTIONS) if (o[opt] !== undefined) train[field] = o[opt];
  const sections: Record<string, Record<string, unknown>> = { sizes, train, task };
  for (const entry of o.set ?? []) {
    const eq = entry.indexOf('=');
    const [section, field] = entry.slice(0, eq).split('.') as [keyof typeof sections, string];
    const source = section === 'task' ? knownTaskFields(preset) : (preset as unknown as Record<string, Record<string, unknown>>)[section]!;
    if (!(field in source) || (section === 'task' && field === 'kind')) {
      const known = Object.keys(source).filter((f) => f !== 'kind');
      throw new UsageError(`option '--set ${entry}': ${preset.name} has no field ${section}.${field} (known: ${known.map((f) => `${section}.${f}`).join(', ')})`, '--set');
    }
    sections[section]![field] = coerce(entry, source[field] ?? null, entry.slice(eq + 1));
  }
  const out: RunOverrides = {};
  if (o.model) out.models = o.model;
  if (Object.keys(sizes).length > 0) out.sizes = sizes;
  if (Object.keys(train).length > 0) out.train = train;
  if (Object.keys(task).length > 0) out.task = task;
  return out;
}

/**
 * Options a resumed run may take: they change neither the data, the model nor the updates made so
 * far (a new schedule is taken only where its rates equal the old one's at every step already
 * trained, which the checkpoint check enforces: a constant run goes on into `wsd`'s decay).
 */
export const RESUME_OPTIONS: ReadonlySet<string> = new Set([
  'parallel', 'steps', 'lrSchedule', 'decaySteps', 'backend', 'engine', 'quiet', 'model', 'resume', 'evalEvery', 'checkpointEvery', 'logEvery', 'evalSize', 'finalEvalSize',
]);
