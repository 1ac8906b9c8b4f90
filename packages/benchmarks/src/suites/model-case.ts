import { BackendError } from '@rimjs/core';
import { resolveRimCellConfig, type RimEngine, type RimLayerOptions } from '@rimjs/rim';
import { resolveTimLayerConfig } from '@rimjs/tim';
import { trainFlops } from '../flops/train-flops.js';
import type { BenchMode, BenchModel, ParamValue } from '../schema/bench-record.js';
import type { BenchCase } from '../suite/suite.js';
import { encoderStepFlops } from './encoder-step-flops.js';
import { setupModelRun, type ModelBuild } from './model-runner.js';
import { rimStepFlops } from './rim-step-flops.js';
import { rnnStepFlops } from './rnn-step-flops.js';
import type { TaskSize } from './task-sizes.js';

/** The models of the speed suite. */
export const SPEED_MODELS = [
  'rim-official-lstm',
  'rim-official-gru',
  'rim-paper-lstm',
  'rim-paper-gru',
  'lstm',
  'gru',
  'tim',
  'transformer',
] as const;

/**
 * `rim-<preset>-<unit>`: a one-layer RIM of @rimjs/rim's `official` or `paper` cell preset with
 * LSTM or GRU units; `lstm` / `gru`: the dense baselines with a state of `units * hidden`;
 * `tim`: one TIM layer (`units` mechanisms of `hidden`); `transformer`: one standard layer of the
 * same width (`dModel = units * hidden`), both with `units` heads, `dFF = 4 dModel`, causal.
 */
export type SpeedModel = (typeof SPEED_MODELS)[number];

/** What a model case is besides its sizes. */
export interface ModelCaseOptions {
  id: string;
  mode: BenchMode;
  tier?: 'quick' | 'full';
  scaleAxis?: string;
  /** Extra config echoed into `params`. */
  params?: Record<string, ParamValue>;
  /** How RIM layers run: `fused` (default) or `composed` (echoed in a RIM case's `params.engine`). */
  engine?: RimEngine;
}

function modelSpec(model: SpeedModel, s: TaskSize): { model: BenchModel; preset: string; build: ModelBuild; flops: number; params: Record<string, ParamValue> } {
  const width = s.units * s.hidden;
  const tokens = { kind: 'tokens' as const, vocabSize: s.vocabSize, embeddingSize: s.embedding };
  const common = { batch: s.batch, vocabSize: s.vocabSize, outputSize: s.outputSize };
  if (model !== 'lstm' && model !== 'gru' && model !== 'tim' && model !== 'transformer') {
    const [, preset, unit] = model.split('-') as [string, 'official' | 'paper', 'lstm' | 'gru'];
    const layer: RimLayerOptions = { preset, cell: unit, numUnits: s.units, topK: s.topK, hidden: s.hidden };
    const cell = resolveRimCellConfig({ ...layer, inputSize: s.embedding });
    return {
      model: 'rim',
      preset: `${preset}-${unit}`,
      build: { kind: 'sequence', config: { kind: 'rim', input: tokens, outputSize: s.outputSize, layers: [layer], seed: 1 } },
      flops: rimStepFlops({ ...common, cell }).total,
      params: { units: s.units, topK: s.topK, hidden: s.hidden, embedding: s.embedding, vocab: s.vocabSize, cellPreset: preset, unitCell: unit },
    };
  }
  if (model === 'lstm' || model === 'gru') {
    return {
      model,
      preset: `${model}-${width}`,
      build: { kind: 'sequence', config: { kind: model, input: tokens, outputSize: s.outputSize, hidden: width, seed: 1 } },
      flops: rnnStepFlops({ ...common, kind: model, embeddingSize: s.embedding, hidden: width }),
      params: { hidden: width, embedding: s.embedding, vocab: s.vocabSize },
    };
  }
  const tim = model === 'tim'; // model is 'tim' | 'transformer' here
  const ns = s.units;
  const layers = { layers: 1, standardFirst: tim ? 0 : 1, standardLast: 0 };
  const config = { vocabSize: s.vocabSize, dModel: width, ns, heads: ns, outputSize: s.outputSize, ...layers };
  const r = resolveTimLayerConfig({ dModel: width, ns, heads: ns });
  const flops = encoderStepFlops({ ...common, kind: model, time: s.steps, dModel: width, heads: ns, dFF: r.dFF, ns, commHeads: r.commHeads, commKeyDim: r.commKeyDim });
  return {
    model,
    preset: tim ? `tim-${ns}x${s.hidden}` : `transformer-${width}`,
    build: { kind: 'encoder', config },
    flops,
    params: { dModel: width, heads: ns, dFF: r.dFF, vocab: s.vocabSize, ...(tim ? { ns } : {}) },
  };
}

/**
 * One case of the model suites: `model` at the sizes `s`, one training step (`train`: forward,
 * loss, backward and Adam) or one inference pass (`infer`) over `s.steps` steps of `s.batch`
 * sequences. `flopsPerStep` comes from `rimStepFlops`, `rnnStepFlops` or `encoderStepFlops`
 * (x 3 for `train`).
 *
 * @throws ConfigError when the sizes are not valid for the model (e.g. `topK > units`).
 * Its `setup` throws a BackendError for a training step on wasm at sizes with `noWasmTrain`,
 * except for a RIM on the fused engine (which keeps only what its backward needs).
 * @example
 * const c = modelCase('rim-official-lstm', TASK_SIZES[0], { id: 'rim-copying-train', mode: 'train' });
 */
export function modelCase(model: SpeedModel, s: TaskSize, options: ModelCaseOptions): BenchCase {
  const d = modelSpec(model, s);
  const { id, mode, tier, scaleAxis } = options;
  const engine = options.engine ?? 'fused';
  const rim = d.model === 'rim';
  return {
    id,
    model: d.model,
    preset: d.preset,
    task: s.task,
    size: s.size,
    mode,
    batch: s.batch,
    steps: s.steps,
    flopsPerStep: mode === 'train' ? trainFlops(d.flops) : d.flops,
    params: { ...d.params, ...(rim ? { engine } : {}), ...options.params },
    ...(tier ? { tier } : {}),
    ...(scaleAxis ? { scaleAxis } : {}),
    setup: ({ seed, backend }) => {
      if (mode === 'train' && backend === 'wasm' && s.noWasmTrain && !(rim && engine === 'fused')) {
        throw new BackendError(`${id}: not run on wasm: ${s.noWasmTrain}`);
      }
      return setupModelRun(d.build, s, mode, seed, backend, engine);
    },
  };
}
