import { BACKEND_NAMES, ConfigCheck, ConfigError } from '@rimjs/core';
import { RIM_ENGINES } from '@rimjs/rim';
import { LR_SCHEDULES } from '@rimjs/runkit';
import { buildModelConfig } from './build-model-config.js';
import { MODEL_KINDS, type ModelKind, type ModelSizes, type Preset, type RunConfig, type TaskSpec, type TrainSettings } from './preset-types.js';

/** What options change in a preset; every field is optional. */
export interface RunOverrides {
  /** Train only these models, in this order. */
  models?: ModelKind[];
  sizes?: Partial<ModelSizes>;
  train?: Partial<TrainSettings>;
  /** Task fields other than `kind` (from `--set task.<field>=<value>`). */
  task?: Record<string, unknown>;
}

function checkTask(c: ConfigCheck, task: TaskSpec): void {
  const lengths = (field: string, values: unknown, min: number): void => {
    c.require(Array.isArray(values) && values.length > 0 && values.every((v) => Number.isInteger(v) && v >= min), field, () =>
      `must be a non-empty list of integers >= ${min}, got ${JSON.stringify(values)}`,
    );
  };
  switch (task.kind) {
    case 'copying':
      c.positiveInt('task.trainDelay', task.trainDelay).positiveInt('task.testDelay', task.testDelay);
      if (task.trainDelayMin !== undefined) {
        const max = Number.isInteger(task.trainDelay) && task.trainDelay > 0 ? task.trainDelay : Infinity;
        c.integer('task.trainDelayMin', task.trainDelayMin, 1, max, 'task.trainDelay');
      }
      c.positiveInt('task.numSymbols', task.numSymbols).positiveInt('task.symbolRange', task.symbolRange);
      lengths('task.oodDelays', task.oodDelays, 1);
      break;
    case 'adding':
      c.integer('task.trainLength', task.trainLength, 2).integer('task.testLength', task.testLength, 2);
      lengths('task.oodLengths', task.oodLengths, 2);
      break;
    case 'mnist':
      c.integer('task.trainSide', task.trainSide, 1, 1024);
      lengths('task.testSides', task.testSides, 1);
      break;
  }
}

function checkSizes(c: ConfigCheck, s: ModelSizes): void {
  c.positiveInt('sizes.units', s.units).positiveInt('sizes.hidden', s.hidden);
  const units = Number.isInteger(s.units) && s.units > 0 ? s.units : Infinity;
  c.integer('sizes.topK', s.topK, 1, units, 'sizes.units');
  c.oneOf('sizes.cell', s.cell, ['official', 'paper']).oneOf('sizes.unitCell', s.unitCell, ['lstm', 'gru']);
  c.require(s.baselineHidden === null || (Number.isInteger(s.baselineHidden) && s.baselineHidden > 0), 'sizes.baselineHidden', () =>
    `must be a positive integer or null (units x hidden), got ${JSON.stringify(s.baselineHidden)}`,
  );
  c.integer('sizes.embedding', s.embedding, 0).rate('sizes.dropout', s.dropout);
  if (s.embeddingDropout !== null) c.rate('sizes.embeddingDropout', s.embeddingDropout);
  if (s.attentionDropout !== null) c.rate('sizes.attentionDropout', s.attentionDropout);
  c.number('sizes.forgetBias', s.forgetBias);
  if (s.initStd !== null) c.number('sizes.initStd', s.initStd, 0);
  c.oneOf('sizes.inputDropoutPer', s.inputDropoutPer, ['unit', 'slot']);
  c.require(s.forgetBias === 0 || s.unitCell === 'lstm', 'sizes.forgetBias', () => `needs LSTM units (sizes.unitCell = 'lstm'), got unitCell '${s.unitCell}'`);
}

function checkTrain(c: ConfigCheck, t: TrainSettings): void {
  c.positiveInt('train.steps', t.steps).positiveInt('train.batchSize', t.batchSize);
  c.require(typeof t.lr === 'number' && t.lr > 0 && Number.isFinite(t.lr), 'train.lr', () => `must be a number > 0, got ${JSON.stringify(t.lr)}`);
  c.require(typeof t.clip === 'number' && t.clip > 0 && Number.isFinite(t.clip), 'train.clip', () => `must be a number > 0, got ${JSON.stringify(t.clip)}`);
  c.integer('train.seed', t.seed, 0, 2 ** 32 - 1);
  c.integer('train.evalEvery', t.evalEvery, 0).positiveInt('train.checkpointEvery', t.checkpointEvery).positiveInt('train.logEvery', t.logEvery);
  c.positiveInt('train.evalSize', t.evalSize).positiveInt('train.finalEvalSize', t.finalEvalSize).positiveInt('train.evalBatch', t.evalBatch);
  c.oneOf('train.backend', t.backend, BACKEND_NAMES);
  if (t.engine !== undefined) c.oneOf('train.engine', t.engine, RIM_ENGINES);
  if (t.threads !== undefined) c.oneOf('train.threads', t.threads, [1, 2]);
  if (t.weightDecay !== undefined) {
    c.require(typeof t.weightDecay === 'number' && t.weightDecay >= 0 && Number.isFinite(t.weightDecay), 'train.weightDecay', () => `must be a number >= 0, got ${JSON.stringify(t.weightDecay)}`);
  }
  if (t.lrSchedule !== undefined) c.oneOf('train.lrSchedule', t.lrSchedule, LR_SCHEDULES);
  const steps = Number.isInteger(t.steps) && t.steps > 0 ? t.steps : Infinity;
  if (t.warmupSteps !== undefined) c.integer('train.warmupSteps', t.warmupSteps, 0, steps - 1, 'train.steps - 1');
  if (t.lrSchedule === 'wsd') {
    const room = steps - (Number.isInteger(t.warmupSteps) ? (t.warmupSteps ?? 0) : 0);
    c.integer('train.decaySteps', t.decaySteps, 1, room, 'train.steps - train.warmupSteps');
  } else if (t.decaySteps !== undefined) {
    c.require(false, 'train.decaySteps', () => `applies to the wsd schedule only (--lr-schedule wsd), got ${JSON.stringify(t.decaySteps)} with ${t.lrSchedule ?? 'constant'}`);
  }
}

/**
 * Task fields a preset may leave out (absent: the paper's setting), by task kind, each with a
 * value of its type (what `--set` types its text like; not a default).
 */
const OPTIONAL_TASK_FIELDS: Readonly<Record<TaskSpec['kind'], Readonly<Record<string, unknown>>>> = { copying: { trainDelayMin: 1 }, adding: {}, mnist: {} };

/** Training fields a preset may leave out, each with a value of its type: `decaySteps`, which only the wsd schedule takes. */
const OPTIONAL_TRAIN_FIELDS: Readonly<Record<string, unknown>> = { decaySteps: 1 };

/**
 * The task fields `preset` can take, each with a value of its type: the preset's own value, or
 * for an optional field it leaves out, a sample of the field's type.
 */
export function knownTaskFields(preset: Preset): Record<string, unknown> {
  return { ...OPTIONAL_TASK_FIELDS[preset.task.kind], ...preset.task };
}

/**
 * Preset + options -> the run's complete config (parse -> resolve -> validate, every problem
 * collected). The models' `createSequenceModel` configs are built by {@link buildModelConfig}.
 *
 * @throws ConfigError listing every bad field (`<preset>.sizes.topK: must be an integer in [1, sizes.units = 6], got 8`),
 *   and unknown fields of `overrides`.
 * @example
 * const run = resolveRunConfig(PRESETS['copying-small'], { sizes: { units: 4, topK: 2 }, train: { steps: 100 } });
 */
export function resolveRunConfig(preset: Preset, overrides: RunOverrides = {}): RunConfig {
  const unknown = (section: string, given: object | undefined, known: object): string[] =>
    Object.keys(given ?? {})
      .filter((k) => !(k in known) || (section === 'task' && k === 'kind'))
      .map((k) => `${preset.name}.${section}.${k}: unknown field (known: ${Object.keys(known).filter((f) => f !== 'kind').join(', ')})`);
  const problems = [
    ...unknown('sizes', overrides.sizes, preset.sizes),
    ...unknown('train', overrides.train, { ...OPTIONAL_TRAIN_FIELDS, ...preset.train }),
    ...unknown('task', overrides.task, knownTaskFields(preset)),
  ];
  if (problems.length > 0) throw new ConfigError(problems);

  const task = { ...preset.task, ...overrides.task } as TaskSpec;
  const sizes: ModelSizes = { ...preset.sizes, ...overrides.sizes };
  const train: TrainSettings = { ...preset.train, ...overrides.train };
  // a wsd preset's decay belongs to its schedule: `--lr-schedule constant` on it leaves none
  if (train.lrSchedule !== 'wsd' && overrides.train?.decaySteps === undefined) delete train.decaySteps;
  const models = overrides.models ?? preset.models;
  const c = new ConfigCheck(preset.name);
  checkTask(c, task);
  checkSizes(c, sizes);
  checkTrain(c, train);
  c.require(models.length > 0 && models.every((m) => (MODEL_KINDS as readonly string[]).includes(m)) && new Set(models).size === models.length, 'models', () =>
    `must be distinct names of ${MODEL_KINDS.join(' | ')}, got ${JSON.stringify(models)}`,
  );
  c.throwIfAny();
  return {
    format: 'rimjs-trainer-run/1',
    preset: preset.name,
    task,
    sizes,
    train,
    models: models.map((name) => ({ name, config: buildModelConfig(name, task, sizes, train.seed) })),
  };
}
