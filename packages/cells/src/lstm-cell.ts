import * as tf from '@tensorflow/tfjs-core';
import { assertShape, type Parameters } from '@rimjs/core';
import type { Cell, RecurrentState, StepOptions, StepResult } from './cell.js';
import { resolveCellConfig, type CellConfig, type ResolvedCellConfig } from './cell-config.js';
import { addWeights, assignWeights, checkBatch, requireC, type WeightVariables } from './cell-support.js';
import { checkStepOptions, stepDropout } from './dropout.js';
import { lstmStep } from './lstm-step.js';
import type { CellWeights } from './weights.js';

/**
 * A dense LSTM cell with PyTorch's `nn.LSTMCell` conventions, so weights port exactly.
 * Dimensions: `batch`, `inputSize`, `hidden = hiddenSize`.
 *
 * ```
 * x~ = dropout(x, inputDropout),  h~ = dropout(h, stateDropout)        (training only)
 * [i f g o] = x~ @ wIh + bIh + h~ @ wHh + bHh
 * c' = sigmoid(f) * c + sigmoid(i) * tanh(g),   h' = sigmoid(o) * tanh(c'),   output = h'
 * ```
 * Weights (in the given {@link Parameters} scope, which owns and disposes them): `weightIh
 * [inputSize, 4*hidden]`, `weightHh [hidden, 4*hidden]`, `biasIh`, `biasHh [4*hidden]`, i.e.
 * PyTorch's matrices transposed (see {@link importTorchLstmCell}). All initialised
 * `U(+-1/sqrt(hidden))` like PyTorch.
 *
 * @example
 * const cell = new LstmCell(new Parameters(new Rng(0)).scope('lstm'), { inputSize: 8, hiddenSize: 16 });
 * const s0 = cell.initialState(4);                  // h, c: [4, 16]
 * const { output, state } = cell.step(tf.ones([4, 8]), s0);
 */
export class LstmCell implements Cell<RecurrentState> {
  readonly config: ResolvedCellConfig;
  readonly inputSize: number;
  readonly stateSize: number;
  private readonly vars: WeightVariables;

  /** @throws ConfigError listing every invalid field of `config`. */
  constructor(params: Parameters, config: CellConfig) {
    this.config = resolveCellConfig('LstmCellConfig', config);
    this.inputSize = this.config.inputSize;
    this.stateSize = this.config.hiddenSize;
    this.vars = addWeights(params, this.config, 4);
  }

  /** The weights (the variables themselves, not copies: do not dispose). */
  get weights(): CellWeights {
    const v = this.vars;
    return { wIh: v.weightIh as tf.Tensor2D, wHh: v.weightHh as tf.Tensor2D, bIh: v.biasIh as tf.Tensor1D, bHh: v.biasHh as tf.Tensor1D };
  }

  /**
   * Assigns all weights (rimjs layout, see {@link CellWeights}); the arguments are not disposed.
   * @throws ShapeError when a shape differs.
   */
  setWeights(weights: CellWeights): void {
    assignWeights('LstmCell.setWeights', this.vars, weights);
  }

  /** Zero `h`, `c` `[batch, hidden]`, owned by the caller. @throws ConfigError for a bad batch. */
  initialState(batch: number): RecurrentState {
    checkBatch('LstmCell.initialState', batch);
    return { h: tf.zeros([batch, this.stateSize]), c: tf.zeros([batch, this.stateSize]) };
  }

  /**
   * @param input `[batch, inputSize]`
   * @param state `h`, `c` `[batch, hidden]` (not disposed)
   * @returns `output` (= the new `h`) and the new state `h`, `c` `[batch, hidden]`, owned by the caller
   * @throws ShapeError for a wrong shape; ConfigError for a bad `options.seed`.
   */
  step(input: tf.Tensor, state: RecurrentState, options: StepOptions = {}): StepResult<RecurrentState> {
    const where = 'LstmCell.step';
    const { inputSize, hiddenSize, inputDropout, stateDropout } = this.config;
    const [batch] = assertShape(where, 'input', input, [['batch', null], ['inputSize', inputSize]]);
    assertShape(where, 'state.h', state.h, [['batch', batch!], ['hidden', hiddenSize]]);
    const c = requireC(where, state.c);
    assertShape(where, 'state.c', c, [['batch', batch!], ['hidden', hiddenSize]]);
    checkStepOptions(where, options, { inputDropout, stateDropout });
    return tf.tidy(() => {
      const x = stepDropout(input as tf.Tensor2D, inputDropout, options, 'input'); // [batch, inputSize]
      const h = stepDropout(state.h as tf.Tensor2D, stateDropout, options, 'state'); // [batch, hidden]
      const next = lstmStep(x, h, c as tf.Tensor2D, this.weights);
      return { output: next.h, state: { h: next.h, c: next.c } };
    });
  }
}
