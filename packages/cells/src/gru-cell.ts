import * as tf from '@tensorflow/tfjs-core';
import { assertShape, type Parameters } from '@rimjs/core';
import type { Cell, RecurrentState, StepOptions, StepResult } from './cell.js';
import { resolveCellConfig, type CellConfig, type ResolvedCellConfig } from './cell-config.js';
import { addWeights, assignWeights, checkBatch, type WeightVariables } from './cell-support.js';
import { checkStepOptions, stepDropout } from './dropout.js';
import { gruStep } from './gru-step.js';
import type { CellWeights } from './weights.js';

/**
 * A dense GRU cell with PyTorch's `nn.GRUCell` conventions (the reset-after form), so weights
 * port exactly. Dimensions: `batch`, `inputSize`, `hidden = hiddenSize`.
 *
 * ```
 * x~ = dropout(x, inputDropout),  h~ = dropout(h, stateDropout)        (training only)
 * [xr xz xn] = x~ @ wIh + bIh,   [hr hz hn] = h~ @ wHh + bHh
 * r = sigmoid(xr + hr),  z = sigmoid(xz + hz),  n = tanh(xn + r * hn)
 * h' = (1 - z) * n + z * h,   output = h'
 * ```
 * Weights (owned by the given {@link Parameters} scope): `weightIh [inputSize, 3*hidden]`,
 * `weightHh [hidden, 3*hidden]`, `biasIh`, `biasHh [3*hidden]`, PyTorch's matrices transposed
 * (see {@link importTorchGruCell}); initialised `U(+-1/sqrt(hidden))`. The state is `{ h }`.
 *
 * @example
 * const cell = new GruCell(new Parameters(new Rng(0)).scope('gru'), { inputSize: 8, hiddenSize: 16 });
 * const { output, state } = cell.step(tf.ones([4, 8]), cell.initialState(4)); // [4, 16]
 */
export class GruCell implements Cell<RecurrentState> {
  readonly config: ResolvedCellConfig;
  readonly inputSize: number;
  readonly stateSize: number;
  private readonly vars: WeightVariables;

  /** @throws ConfigError listing every invalid field of `config`. */
  constructor(params: Parameters, config: CellConfig) {
    this.config = resolveCellConfig('GruCellConfig', config);
    this.inputSize = this.config.inputSize;
    this.stateSize = this.config.hiddenSize;
    this.vars = addWeights(params, this.config, 3);
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
    assignWeights('GruCell.setWeights', this.vars, weights);
  }

  /** Zero `h` `[batch, hidden]`, owned by the caller. @throws ConfigError for a bad batch. */
  initialState(batch: number): RecurrentState {
    checkBatch('GruCell.initialState', batch);
    return { h: tf.zeros([batch, this.stateSize]) };
  }

  /**
   * @param input `[batch, inputSize]`
   * @param state `h` `[batch, hidden]` (not disposed)
   * @returns `output` (= the new `h`) and the new state `{ h }` `[batch, hidden]`, owned by the caller
   * @throws ShapeError for a wrong shape; ConfigError for a bad `options.seed`.
   */
  step(input: tf.Tensor, state: RecurrentState, options: StepOptions = {}): StepResult<RecurrentState> {
    const where = 'GruCell.step';
    const { inputSize, hiddenSize, inputDropout, stateDropout } = this.config;
    const [batch] = assertShape(where, 'input', input, [['batch', null], ['inputSize', inputSize]]);
    assertShape(where, 'state.h', state.h, [['batch', batch!], ['hidden', hiddenSize]]);
    checkStepOptions(where, options, { inputDropout, stateDropout });
    return tf.tidy(() => {
      const x = stepDropout(input as tf.Tensor2D, inputDropout, options, 'input'); // [batch, inputSize]
      const hRec = stepDropout(state.h as tf.Tensor2D, stateDropout, options, 'state'); // [batch, hidden]
      const next = gruStep(x, state.h as tf.Tensor2D, this.weights, { recurrentInput: hRec });
      return { output: next.h, state: { h: next.h } };
    });
  }
}
