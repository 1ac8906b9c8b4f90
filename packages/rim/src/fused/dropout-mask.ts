import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@rimjs/core';

/**
 * The multiplier `tf.dropout(x, rate, undefined, seed)` applies to `x`, drawn the same way
 * (`floor(u + keep) / keep`, `u ~ U(0, 1)` from `seed`): `x * dropoutMultiplier(...)` equals
 * `tf.dropout(x, ...)` bit for bit, so the fused kernel draws the composed path's masks.
 *
 * @param shape the shape of `x`
 * @returns float32 of `shape`: 0 or `1 / (1 - rate)`
 */
export function dropoutMultiplier(shape: number[], rate: number, seed: number): tf.Tensor {
  const keep = 1 - rate;
  return tf.div(tf.floor(tf.add(tf.randomUniform(shape, 0, 1, 'float32', seed), keep)), keep);
}

/** The dropout seeds of one RIM step, derived from the step's seed exactly as {@link RimCell.step} derives them. */
export interface StepDropoutSeeds {
  /** Of the input attention's attended value (`subSeed(child('input'), 'value')`). */
  inputValue: number;
  /** Of the communication's output (`subSeed(child('communication'), 'output')`). */
  commOutput: number;
  /** Of the input slot's value, `inputDropoutPer: 'slot'` (`child('input')`, then `child('slotValue')`). */
  inputSlot: number;
}

/** See {@link StepDropoutSeeds}; `seed` is what `RimCell.step` receives as `options.seed`. */
export function stepDropoutSeeds(seed: number): StepDropoutSeeds {
  const rng = new Rng(seed);
  return {
    inputValue: new Rng(rng.child('input').seed()).child('value').seed(),
    commOutput: new Rng(rng.child('communication').seed()).child('output').seed(),
    inputSlot: new Rng(rng.child('input').seed()).child('slotValue').seed(),
  };
}
