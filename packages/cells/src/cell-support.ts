// Private helpers shared by the four cell classes.
import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, type Initializer, ShapeError, type Parameters } from '@rimjs/core';
import type { ResolvedCellConfig } from './cell-config.js';

/** The four variables of a cell, in a {@link Parameters} scope. */
export interface WeightVariables {
  weightIh: tf.Variable; // [(units,) inputSize, G*hidden]
  weightHh: tf.Variable; // [(units,) hidden, G*hidden]
  biasIh: tf.Variable; // [(units,) G*hidden]
  biasHh: tf.Variable; // [(units,) G*hidden]
}

/** Adds `weightIh`, `weightHh`, `biasIh`, `biasHh` for `gates` gates, with a leading `units` axis when given. */
export function addWeights(params: Parameters, config: ResolvedCellConfig, gates: number, units?: number): WeightVariables {
  const lead = units === undefined ? [] : [units];
  const g = gates * config.hiddenSize;
  return {
    weightIh: params.add('weightIh', [...lead, config.inputSize, g], config.weightInit),
    weightHh: params.add('weightHh', [...lead, config.hiddenSize, g], config.weightInit),
    biasIh: params.add('biasIh', [...lead, g], config.biasInit),
    biasHh: params.add('biasHh', [...lead, g], gates === 4 && config.forgetBias !== 0 ? withForgetBias(config.biasInit, config.hiddenSize, config.forgetBias) : config.biasInit),
  };
}

/** `init`, plus `value` on the forget gate's slice `[hidden, 2*hidden)` of the last axis (LSTM gates `i f g o`). */
function withForgetBias(init: Initializer, hidden: number, value: number): Initializer {
  return (shape, seed) =>
    tf.tidy(() => {
      const lead = shape.slice(0, -1);
      const gates = [tf.zeros([...lead, hidden]), tf.fill([...lead, hidden], value), tf.zeros([...lead, 2 * hidden])];
      return tf.add(init(shape, seed), tf.concat(gates, -1)); // [(units,) 4*hidden]
    });
}

/**
 * Assigns new values to a cell's variables (the arguments are not disposed).
 * @throws ShapeError naming `where`, the weight, the expected and the given shape.
 */
export function assignWeights(
  where: string,
  vars: WeightVariables,
  w: { wIh: tf.Tensor; wHh: tf.Tensor; bIh: tf.Tensor; bHh: tf.Tensor },
): void {
  const pairs: Array<[string, tf.Variable, tf.Tensor | undefined]> = [
    ['wIh', vars.weightIh, w.wIh],
    ['wHh', vars.weightHh, w.wHh],
    ['bIh', vars.biasIh, w.bIh],
    ['bHh', vars.biasHh, w.bHh],
  ];
  for (const [name, v, t] of pairs) {
    if (!t) throw new ShapeError(`${where}: 'weights.${name}' is missing`);
    if (v.shape.length !== t.shape.length || v.shape.some((d, i) => d !== t.shape[i])) {
      throw new ShapeError(`${where}: 'weights.${name}' must be [${v.shape.join(', ')}], got [${t.shape.join(', ')}]`);
    }
  }
  tf.tidy(() => {
    for (const [, v, t] of pairs) v.assign(t!.dtype === v.dtype ? t! : tf.cast(t!, v.dtype));
  });
}

/** @throws ConfigError unless `batch` is a positive integer. */
export function checkBatch(where: string, batch: number): void {
  if (!Number.isInteger(batch) || batch < 1) {
    throw new ConfigError(`${where}: 'batch' must be a positive integer, got ${JSON.stringify(batch)}`);
  }
}

/** @throws ShapeError when an LSTM state has no `c`. */
export function requireC(where: string, c: tf.Tensor | undefined): tf.Tensor {
  if (!c) throw new ShapeError(`${where}: 'state.c' is missing (an LSTM state is { h, c })`);
  return c;
}
