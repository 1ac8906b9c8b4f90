import { Rng } from '@rimjs/core';
import type { SequenceInput, SequenceModelConfig } from '@rimjs/rim';
import { isRimKind, type ModelKind, type ModelSizes, type TaskSpec } from './preset-types.js';

/** What a task feeds a model and what it reads back. */
export function taskIo(task: TaskSpec, embedding: number): { input: SequenceInput; outputSize: number } {
  switch (task.kind) {
    case 'copying':
      // tokens 0 (blank), 1..symbolRange (symbols), symbolRange + 1 (marker); logits over the same.
      return { input: { kind: 'tokens', vocabSize: task.symbolRange + 2, embeddingSize: embedding }, outputSize: task.symbolRange + 2 };
    case 'adding':
      // [value, marker] per step; one regression output read at the last step.
      return { input: embedding > 0 ? { kind: 'values', size: 2, projectionSize: embedding } : { kind: 'values', size: 2 }, outputSize: 1 };
    case 'mnist':
      // binary pixels as tokens 0/1; ten classes read at the last step.
      return { input: { kind: 'tokens', vocabSize: 2, embeddingSize: embedding }, outputSize: 10 };
  }
}

/** The embedding's own dropout rate, or null when it takes `dropout`'s (unset, or the same rate). */
export function ownEmbeddingDropout(sizes: ModelSizes): number | null {
  return sizes.embeddingDropout === null || sizes.embeddingDropout === sizes.dropout ? null : sizes.embeddingDropout;
}

/**
 * The `createSequenceModel` config of one model of a preset. The RIM gets one layer of
 * `units` x `hidden` (top `topK`, cell preset `cell`); its ablations the same layer with
 * `communication: false` (`rim-no-comm`) or `topK = units` (`rim-all-active`); the LSTM / GRU
 * baseline gets `baselineHidden` or, when null, `units * hidden` (equal total state). Weight
 * seeds differ per model, `new Rng(seed).child('weights:' + kind).seed()`, except that the RIM
 * ablations take the `rim` weights' seed, so they start from the RIM's initial weights (less the
 * communication attention's in `rim-no-comm`) and differ from it only by what they ablate.
 *
 * @example
 * buildModelConfig('lstm', PRESETS['copying-paper'].task, PRESETS['copying-paper'].sizes, 1).hidden // 600
 */
export function buildModelConfig(kind: ModelKind, task: TaskSpec, sizes: ModelSizes, seed: number): SequenceModelConfig {
  const { input, outputSize } = taskIo(task, sizes.embedding);
  const embeddingDropout = ownEmbeddingDropout(sizes);
  const dropouts = { dropout: sizes.dropout, ...(embeddingDropout === null ? {} : { embeddingDropout }) };
  const weights = new Rng(seed).child(`weights:${isRimKind(kind) ? 'rim' : kind}`).seed();
  if (isRimKind(kind)) {
    return {
      kind: 'rim',
      input,
      outputSize,
      ...dropouts,
      layers: [
        {
          preset: sizes.cell,
          numUnits: sizes.units,
          topK: kind === 'rim-all-active' ? sizes.units : sizes.topK,
          ...(kind === 'rim-no-comm' ? { communication: false } : {}),
          hidden: sizes.hidden,
          cell: sizes.unitCell,
          ...(sizes.attentionDropout === null ? {} : { inputDropout: sizes.attentionDropout, commDropout: sizes.attentionDropout }),
          ...(sizes.forgetBias === 0 ? {} : { forgetBias: sizes.forgetBias }),
          ...(sizes.initStd === null ? {} : { initStd: sizes.initStd }),
          ...((sizes.inputDropoutPer ?? 'unit') === 'unit' ? {} : { inputDropoutPer: sizes.inputDropoutPer }),
        },
      ],
      seed: weights,
    };
  }
  const hidden = sizes.baselineHidden ?? sizes.units * sizes.hidden;
  const forget = kind === 'lstm' && sizes.forgetBias !== 0 ? { forgetBias: sizes.forgetBias } : {};
  return { kind, input, outputSize, ...dropouts, hidden, ...forget, seed: weights };
}
