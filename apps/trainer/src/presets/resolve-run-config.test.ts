import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@rimjs/core';
import { PRESETS, PRESET_NAMES } from './presets.js';
import { headlineKey, metricKeys } from '../tasks/metric-keys.js';
import { resolveRunConfig } from './resolve-run-config.js';
import { readRunConfig } from '../run/run-paths.js';

describe('presets', () => {
  it('has the copying, adding and MNIST experiments in three sizes, the copying ablations, and tiny', () => {
    expect([...PRESET_NAMES].sort()).toEqual([
      'adding-cpu', 'adding-paper', 'adding-small', 'copying-cpu', 'copying-cpu-ablations', 'copying-long', 'copying-paper', 'copying-small', 'mnist-cpu', 'mnist-paper', 'mnist-small', 'mnist14-cpu', 'tiny',
    ]);
    for (const name of PRESET_NAMES.filter((n) => n !== 'copying-cpu-ablations')) expect(PRESETS[name]!.models).toEqual(['rim', 'lstm']);
    expect(PRESETS['copying-cpu-ablations']!.models).toEqual(['rim', 'rim-no-comm', 'rim-all-active']);
  });

  it('cpu presets train at a shorter length and test at 4x (headline) and 10x (eval)', () => {
    const copying = resolveRunConfig(PRESETS['copying-cpu']!);
    expect(copying.task).toEqual({ kind: 'copying', trainDelay: 20, testDelay: 80, oodDelays: [200], numSymbols: 3, symbolRange: 4 });
    expect(copying.train).toMatchObject({ steps: 3000, batchSize: 32, lr: 0.002, clip: 1, evalEvery: 250 });
    expect(copying.sizes.initStd).toBe(0.1);
    expect(copying.models.map((m) => m.config)).toMatchObject([
      { kind: 'rim', layers: [{ preset: 'paper', numUnits: 6, topK: 4, hidden: 16 }] },
      { kind: 'lstm', hidden: 96 },
    ]);
    expect(headlineKey(copying.task)).toBe('test.T80.ceLast3'); // the copied symbols at 4x the training delay
    expect(metricKeys(copying.task, 'ood')).toContain('test.T200.ceLast3');
    const ablations = resolveRunConfig(PRESETS['copying-cpu-ablations']!);
    expect(ablations.task).toEqual(copying.task);
    expect(ablations.train).toEqual(copying.train);
    expect(ablations.sizes).toEqual(copying.sizes);
    const adding = resolveRunConfig(PRESETS['adding-cpu']!);
    expect(adding.task).toEqual({ kind: 'adding', trainLength: 20, testLength: 80, oodLengths: [200] });
    expect(adding.train).toMatchObject({ steps: 2000, batchSize: 64, lr: 0.003, clip: 0.1 });
    expect(headlineKey(adding.task)).toBe('test.L80.mse');
    const mnist = resolveRunConfig(PRESETS['mnist-cpu']!);
    expect(mnist.task).toEqual({ kind: 'mnist', trainSide: 10, testSides: [10, 11, 14, 17] });
    expect(mnist.train).toMatchObject({ steps: 1500, batchSize: 64, lr: 0.003 });
    expect(headlineKey(mnist.task)).toBe('test.px17.acc');
    // the paper's 14 -> 16 / 19 / 24, scaled to 10, rounded
    expect([16, 19, 24].map((s) => Math.round((s / 14) * 10))).toEqual([11, 14, 17]);
  });

  it('mnist14-cpu is the command of the committed 14 x 14 results: the same models, task and training per seed (with --steps N --lr-schedule constant those of the first 4000 and 8000 steps)', () => {
    const results = new URL('../../results/', import.meta.url);
    const wsd = { lrSchedule: 'wsd', decaySteps: 1000 } as const;
    const constant = { lrSchedule: 'constant' } as const;
    const folders = [
      ['mnist14-wsd-rim', 'rim', { steps: 9000, ...wsd }], ['mnist14-wsd-lstm', 'lstm', { steps: 9000, ...wsd }],
      ['mnist14-8000-rim', 'rim', { steps: 8000, ...constant }], ['mnist14-8000-lstm', 'lstm', { steps: 8000, ...constant }],
      ['mnist14-rim-paper-cell', 'rim', { steps: 4000, ...constant }], ['mnist14-lstm', 'lstm', { steps: 4000, ...constant }],
    ] as const;
    expect(resolveRunConfig(PRESETS['mnist14-cpu']!).train).toMatchObject({ steps: 9000, ...wsd });
    expect(resolveRunConfig(PRESETS['mnist14-cpu']!, { train: constant }).train).not.toHaveProperty('decaySteps'); // the decay goes with its schedule
    for (const [folder, model, steps] of folders) {
      for (const seed of [1, 2, 3]) {
        const committed = readRunConfig(fileURLToPath(new URL(`${folder}/seed-${seed}`, results)));
        const run = resolveRunConfig(PRESETS['mnist14-cpu']!, { train: { seed, ...steps } });
        expect(run.task).toEqual(committed.task);
        expect(run.models.find((m) => m.name === model)).toEqual(committed.models.find((m) => m.name === model)); // weights' seed included
        const { threads: _t, ...train } = run.train;
        const { threads: _c, ...committedTrain } = committed.train;
        expect(train).toEqual(committedTrain);
      }
    }
  });

  it('paper presets carry the paper configuration (SPEC-RIM.md, official scripts)', () => {
    for (const name of ['copying-paper', 'adding-paper', 'mnist-paper']) {
      const run = resolveRunConfig(PRESETS[name]!);
      const rim = run.models[0]!.config;
      const lstm = run.models[1]!.config;
      expect(rim.layers).toEqual([{ preset: 'official', numUnits: 6, topK: 4, hidden: 100, cell: 'lstm' }]);
      expect(lstm).toMatchObject({ kind: 'lstm', hidden: 600 }); // LSTM-600
      expect(run.train).toMatchObject({ batchSize: 64 });
    }
    const copying = resolveRunConfig(PRESETS['copying-paper']!);
    expect(copying.models[0]!.config).toMatchObject({ input: { kind: 'tokens', vocabSize: 10, embeddingSize: 600 }, outputSize: 10, dropout: 0.5 });
    expect(copying.train).toMatchObject({ lr: 1e-3, clip: 1, steps: 200 * 200 });
    expect(copying.task).toMatchObject({ trainDelay: 50, testDelay: 200, numSymbols: 10, symbolRange: 8 });
    const mnist = resolveRunConfig(PRESETS['mnist-paper']!);
    expect(mnist.models[0]!.config).toMatchObject({ input: { kind: 'tokens', vocabSize: 2 }, outputSize: 10 });
    expect(mnist.train).toMatchObject({ lr: 7e-4, steps: 100 * Math.floor(8000 / 64) });
    expect(mnist.task).toMatchObject({ trainSide: 14, testSides: [14, 16, 19, 24] });
    const adding = resolveRunConfig(PRESETS['adding-paper']!);
    expect(adding.models[0]!.config).toMatchObject({ input: { kind: 'values', size: 2, projectionSize: 600 }, outputSize: 1 });
    expect(adding.train).toMatchObject({ lr: 1e-3, clip: 0.1 });
  });

  it('gives each model its own weight seed and the same data seed', () => {
    const run = resolveRunConfig(PRESETS.tiny!);
    expect(run.models[0]!.config.seed).not.toBe(run.models[1]!.config.seed);
    expect(resolveRunConfig(PRESETS.tiny!).models[0]!.config.seed).toBe(run.models[0]!.config.seed);
    // the RIM ablations start from the RIM's weights
    const ablations = resolveRunConfig(PRESETS['copying-cpu-ablations']!);
    expect(new Set(ablations.models.map((m) => m.config.seed)).size).toBe(1);
  });
});

describe('resolveRunConfig', () => {
  it('applies overrides; the baseline follows units x hidden unless set', () => {
    const run = resolveRunConfig(PRESETS['copying-small']!, { models: ['rim', 'gru'], sizes: { units: 4, topK: 2, hidden: 20 }, train: { steps: 7, lr: 0.01 } });
    expect(run.models.map((m) => m.name)).toEqual(['rim', 'gru']);
    expect(run.models[0]!.config.layers![0]).toMatchObject({ numUnits: 4, topK: 2, hidden: 20 });
    expect(run.models[1]!.config).toMatchObject({ kind: 'gru', hidden: 80 });
    expect(run.train).toMatchObject({ steps: 7, lr: 0.01, batchSize: PRESETS['copying-small']!.train.batchSize });
    const fixed = resolveRunConfig(PRESETS['copying-small']!, { sizes: { baselineHidden: 50 } });
    expect(fixed.models[1]!.config.hidden).toBe(50);
  });

  it('checks the copying task\'s trainDelayMin against trainDelay', () => {
    const run = resolveRunConfig(PRESETS['copying-small']!, { task: { trainDelayMin: 10 } });
    expect(run.task).toMatchObject({ trainDelayMin: 10, trainDelay: 50 });
    expect(() => resolveRunConfig(PRESETS['copying-small']!, { task: { trainDelayMin: 51 } })).toThrow(
      'copying-small.task.trainDelayMin: must be an integer in [1, task.trainDelay = 50], got 51',
    );
    expect(() => resolveRunConfig(PRESETS['copying-small']!, { task: { trainDelayMin: 0 } })).toThrow('task.trainDelayMin');
  });

  it('an embedding dropout of its own reaches every model; the same rate as dropout, or null, adds nothing', () => {
    const run = resolveRunConfig(PRESETS['copying-small']!, { models: ['rim', 'lstm', 'gru', 'rim-no-comm'], sizes: { dropout: 0.5, embeddingDropout: 0 } });
    for (const m of run.models) expect(m.config).toMatchObject({ dropout: 0.5, embeddingDropout: 0 });
    for (const embeddingDropout of [null, 0.5]) {
      const same = resolveRunConfig(PRESETS['copying-small']!, { sizes: { dropout: 0.5, embeddingDropout } });
      for (const m of same.models) expect(m.config).not.toHaveProperty('embeddingDropout');
    }
    expect(() => resolveRunConfig(PRESETS['copying-small']!, { sizes: { embeddingDropout: 1 } })).toThrow(
      'copying-small.sizes.embeddingDropout: must be a number in [0, 1), got 1',
    );
  });

  it('forget bias reaches the RIM units and the LSTM baseline, attention dropout the RIM cell', () => {
    const run = resolveRunConfig(PRESETS['copying-small']!, { models: ['rim', 'lstm', 'gru'], sizes: { forgetBias: 1, attentionDropout: 0, initStd: 0.2 } });
    expect(run.models[0]!.config.layers![0]).toMatchObject({ forgetBias: 1, inputDropout: 0, commDropout: 0, initStd: 0.2 });
    expect(run.models[1]!.config).toMatchObject({ kind: 'lstm', forgetBias: 1 });
    expect(run.models[2]!.config).not.toHaveProperty('forgetBias');
    const plain = resolveRunConfig(PRESETS['copying-paper']!);
    expect(plain.models[0]!.config.layers![0]).not.toHaveProperty('inputDropout'); // null: the cell preset's 0.1
    expect(plain.models[0]!.config.layers![0]).not.toHaveProperty('initStd'); // null: the cell preset's 0.01
    expect(plain.models[0]!.config.layers![0]).not.toHaveProperty('inputDropoutPer'); // unit: the cell's default
    const slot = resolveRunConfig(PRESETS['copying-small']!, { sizes: { inputDropoutPer: 'slot' } });
    expect(slot.models[0]!.config.layers![0]).toMatchObject({ inputDropoutPer: 'slot' });
    expect(() => resolveRunConfig(PRESETS['copying-small']!, { sizes: { inputDropoutPer: 'cell' as 'unit' } })).toThrow(
      'copying-small.sizes.inputDropoutPer: must be one of "unit" | "slot", got "cell"',
    );
    expect(() => resolveRunConfig(PRESETS.tiny!, { sizes: { forgetBias: 1, unitCell: 'gru' } })).toThrow(
      "tiny.sizes.forgetBias: needs LSTM units (sizes.unitCell = 'lstm'), got unitCell 'gru'",
    );
    expect(() => resolveRunConfig(PRESETS.tiny!, { sizes: { attentionDropout: 1 } })).toThrow('tiny.sizes.attentionDropout: must be a number in [0, 1), got 1');
  });

  it('lists every bad field, each named', () => {
    let error: ConfigError | undefined;
    try {
      resolveRunConfig(PRESETS.tiny!, { sizes: { topK: 9, dropout: 1 }, train: { steps: 0, backend: 'gpu' as never } });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems).toEqual([
      'tiny.sizes.topK: must be an integer in [1, sizes.units = 3], got 9',
      'tiny.sizes.dropout: must be a number in [0, 1), got 1',
      'tiny.train.steps: must be an integer in [1, ∞], got 0',
      'tiny.train.backend: must be one of "auto" | "tensorflow" | "wasm" | "cpu" | "webgpu", got "gpu"',
    ]);
  });

  it('rejects unknown fields and the task kind', () => {
    expect(() => resolveRunConfig(PRESETS.tiny!, { task: { kind: 'adding' } })).toThrow(/tiny\.task\.kind: unknown field/);
    expect(() => resolveRunConfig(PRESETS.tiny!, { train: { speed: 1 } as never })).toThrow(/tiny\.train\.speed: unknown field/);
  });
});
