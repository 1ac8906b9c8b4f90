import * as tf from '@tensorflow/tfjs-core';
import { assertShape, type Parameters } from '@rimjs/core';
import type { Cell, RecurrentState, StepOptions, StepResult } from './cell.js';
import { resolveCellConfig, type GroupCellConfig, type ResolvedGroupCellConfig } from './cell-config.js';
import { addWeights, assignWeights, checkBatch, type WeightVariables } from './cell-support.js';
import { checkStepOptions, stepDropout } from './dropout.js';
import { groupGruStep } from './group-gru-step.js';
import type { GroupCellWeights } from './weights.js';

/**
 * `units` independent GRU cells (one per mechanism), each with its own weights, all advanced in
 * one batched step (RIMs, arXiv 1909.10893, section 2.3). Dimensions: `batch`, `units`,
 * `inputSize` and `hidden = hiddenSize` per unit. For every unit `u`, PyTorch's `nn.GRUCell`
 * (reset-after form):
 *
 * ```
 * x~ = dropout(x, inputDropout),  h~ = dropout(h, stateDropout)        (training only)
 * [xr xz xn] = x~[u] @ wIh[u] + bIh[u],   [hr hz hn] = h~[u] @ wHh[u] + bHh[u]
 * r = sigmoid(xr + hr),  z = sigmoid(xz + hz),  n = tanh(xn + r * hn)
 * h'[u] = (1 - z) * n + z * h[u],   output = h'
 * ```
 * Weights (owned by the given {@link Parameters} scope): `weightIh [units, inputSize, 3*hidden]`,
 * `weightHh [units, hidden, 3*hidden]`, `biasIh`, `biasHh [units, 3*hidden]`; initialised
 * `U(+-1/sqrt(hidden))`. The state is `{ h }`.
 *
 * @example
 * const cell = new GroupGruCell(params.scope('rnn'), { units: 6, inputSize: 400, hiddenSize: 100 });
 * const { output } = cell.step(x, cell.initialState(64)); // x [64, 6, 400] -> [64, 6, 100]
 */
export class GroupGruCell implements Cell<RecurrentState> {
  readonly config: ResolvedGroupCellConfig;
  readonly units: number;
  readonly inputSize: number;
  readonly stateSize: number;
  private readonly vars: WeightVariables;

  /** @throws ConfigError listing every invalid field of `config`. */
  constructor(params: Parameters, config: GroupCellConfig) {
    this.config = resolveCellConfig('GroupGruCellConfig', config, true);
    this.units = this.config.units;
    this.inputSize = this.config.inputSize;
    this.stateSize = this.config.hiddenSize;
    this.vars = addWeights(params, this.config, 3, this.units);
  }

  /** The weights (the variables themselves, not copies: do not dispose). */
  get weights(): GroupCellWeights {
    const v = this.vars;
    return { wIh: v.weightIh as tf.Tensor3D, wHh: v.weightHh as tf.Tensor3D, bIh: v.biasIh as tf.Tensor2D, bHh: v.biasHh as tf.Tensor2D };
  }

  /**
   * Assigns all weights (see {@link GroupCellWeights}); the arguments are not disposed.
   * @throws ShapeError when a shape differs.
   */
  setWeights(weights: GroupCellWeights): void {
    assignWeights('GroupGruCell.setWeights', this.vars, weights);
  }

  /** Zero `h` `[batch, units, hidden]`, owned by the caller. @throws ConfigError for a bad batch. */
  initialState(batch: number): RecurrentState {
    checkBatch('GroupGruCell.initialState', batch);
    return { h: tf.zeros([batch, this.units, this.stateSize]) };
  }

  /**
   * @param input `[batch, units, inputSize]`
   * @param state `h` `[batch, units, hidden]` (not disposed)
   * @returns `output` (= the new `h`) and the new state `{ h }` `[batch, units, hidden]`, owned by the caller
   * @throws ShapeError for a wrong shape; ConfigError for a bad `options.seed`.
   */
  step(input: tf.Tensor, state: RecurrentState, options: StepOptions = {}): StepResult<RecurrentState> {
    const where = 'GroupGruCell.step';
    const { units, inputSize, hiddenSize, inputDropout, stateDropout } = this.config;
    const [batch] = assertShape(where, 'input', input, [['batch', null], ['units', units], ['inputSize', inputSize]]);
    assertShape(where, 'state.h', state.h, [['batch', batch!], ['units', units], ['hidden', hiddenSize]]);
    checkStepOptions(where, options, { inputDropout, stateDropout });
    return tf.tidy(() => {
      const x = stepDropout(input as tf.Tensor3D, inputDropout, options, 'input'); // [batch, units, inputSize]
      const hRec = stepDropout(state.h as tf.Tensor3D, stateDropout, options, 'state'); // [batch, units, hidden]
      const next = groupGruStep(x, state.h as tf.Tensor3D, this.weights, { recurrentInput: hRec });
      return { output: next.h, state: { h: next.h } };
    });
  }
}
