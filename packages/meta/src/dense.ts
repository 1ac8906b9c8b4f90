import * as tf from '@tensorflow/tfjs-core';
import { glorotUniform, type Initializer, type Parameters, zeros } from '@rimjs/core';

/** A dense layer `y = x W + b`: `weight [in, out]`, `bias [out]` in the given scope. */
export interface Dense {
  weight: tf.Variable;
  bias: tf.Variable;
}

/** Adds a dense layer's variables (`<name>.weight`, `<name>.bias`). */
export function addDense(params: Parameters, name: string, inSize: number, outSize: number, init: Initializer = glorotUniform()): Dense {
  return { weight: params.add(`${name}.weight`, [inSize, outSize], init), bias: params.add(`${name}.bias`, [outSize], zeros()) };
}

/** `x W + b`: `[rows, in]` -> `[rows, out]`. Call inside a tidy. */
export function dense(layer: Dense, x: tf.Tensor2D): tf.Tensor2D {
  return tf.add(tf.matMul(x, layer.weight as tf.Tensor2D), layer.bias) as tf.Tensor2D;
}
