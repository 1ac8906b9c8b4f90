import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, assertShape } from '@rimjs/core';
import type { GruCell } from '@rimjs/cells';
import { LstmCell, gruStep, lstmStep, type Cell, type CellWeights, type RecurrentState, type StepResult } from '@rimjs/cells';
import type { BlockPruner } from './block-pruner.js';

/** Which of a cell's matrices a {@link BlockPruner} prunes, by their names in the pruner. */
export interface MaskedCellNames {
  /** The pruner's name for the cell's `wIh [inputSize, G * hidden]`, if pruned. */
  readonly wIh?: string;
  /** The pruner's name for the cell's `wHh [hidden, G * hidden]`, if pruned. */
  readonly wHh?: string;
}

/**
 * A dense {@link LstmCell} or {@link GruCell} whose input and/or recurrent matrices are block
 * masked: each step runs the cell's own equations ({@link lstmStep} / {@link gruStep}) on
 * `wIh * M_ih` and `wHh * M_hh` (the masks of a {@link BlockPruner}), so gradients reach kept
 * weights only. Dimensions as the wrapped cell: `batch`, `inputSize`, `hidden`.
 * Dropout is not supported (the wrapped cell must have none).
 *
 * @example
 * const cell = new LstmCell(params.scope('lstm'), { inputSize: 32, hiddenSize: 64 });
 * const pruner = new BlockPruner(params.scope('sparse'), [{ name: 'lstm.hh', weight: cell.weights.wHh as tf.Variable, block: [8, 8] }], cfg);
 * const masked = new MaskedCell(cell, pruner, { wHh: 'lstm.hh' });
 */
export class MaskedCell implements Cell<RecurrentState> {
  readonly inputSize: number;
  readonly stateSize: number;
  private readonly kind: 'lstm' | 'gru';

  /** @throws ConfigError when a named matrix is not the cell's own variable, or the cell has dropout. */
  constructor(
    readonly cell: LstmCell | GruCell,
    private readonly pruner: BlockPruner,
    readonly names: MaskedCellNames,
  ) {
    this.kind = cell instanceof LstmCell ? 'lstm' : 'gru';
    this.inputSize = cell.inputSize;
    this.stateSize = cell.stateSize;
    const problems: string[] = [];
    const w = cell.weights;
    if (names.wIh !== undefined && pruner.weight(names.wIh) !== w.wIh) problems.push(`MaskedCell.names.wIh: pruner matrix '${names.wIh}' is not this cell's wIh`);
    if (names.wHh !== undefined && pruner.weight(names.wHh) !== w.wHh) problems.push(`MaskedCell.names.wHh: pruner matrix '${names.wHh}' is not this cell's wHh`);
    const { inputDropout, stateDropout } = cell.config;
    if (inputDropout !== 0 || stateDropout !== 0) problems.push(`MaskedCell.cell: dropout is not supported, got inputDropout ${inputDropout}, stateDropout ${stateDropout}`);
    if (problems.length > 0) throw new ConfigError(problems);
  }

  /** The cell's weights with the pruned matrices masked (new tensors for those: call in `tf.tidy`). */
  maskedWeights(): CellWeights {
    const w = this.cell.weights;
    return {
      wIh: this.names.wIh === undefined ? w.wIh : this.pruner.masked(this.names.wIh),
      wHh: this.names.wHh === undefined ? w.wHh : this.pruner.masked(this.names.wHh),
      bIh: w.bIh,
      bHh: w.bHh,
    };
  }

  /** Zero state `[batch, hidden]` (owned by the caller). */
  initialState(batch: number): RecurrentState {
    return this.cell.initialState(batch);
  }

  /**
   * @param input `[batch, inputSize]`
   * @param state `h` (and `c` for an LSTM) `[batch, hidden]` (not disposed)
   * @returns the new `h` as output and state (owned by the caller)
   * @throws ShapeError for a wrong shape.
   */
  step(input: tf.Tensor, state: RecurrentState): StepResult<RecurrentState> {
    const [batch] = assertShape('MaskedCell.step', 'input', input, [['batch', null], ['inputSize', this.inputSize]]);
    assertShape('MaskedCell.step', 'state.h', state.h, [['batch', batch!], ['hidden', this.stateSize]]);
    return tf.tidy(() => {
      const w = this.maskedWeights();
      if (this.kind === 'lstm') {
        if (!state.c) throw new ConfigError(`MaskedCell.step: an LSTM state needs 'c'`);
        const next = lstmStep(input as tf.Tensor2D, state.h as tf.Tensor2D, state.c as tf.Tensor2D, w);
        return { output: next.h, state: { h: next.h, c: next.c } };
      }
      const next = gruStep(input as tf.Tensor2D, state.h as tf.Tensor2D, w);
      return { output: next.h, state: { h: next.h } };
    });
  }
}
