import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from './testing/index.js';

import { assertKnownKeys, assertSameShape, assertShape, ConfigCheck } from './assert.js';
import { ConfigError, ShapeError } from './errors.js';

beforeAll(() => useBackend('cpu'));

describe('assertShape', () => {
  it('returns the shape when it fits', () => {
    expect(assertShape('f', 'x', tf.zeros([8, 32]), [['batch', null], ['inputDim', 32]])).toEqual([8, 32]);
  });
  it('names the function, the argument, the expected dims and what came', () => {
    const call = () => assertShape('RimCell.step', 'input', tf.zeros([8, 16]), [['batch', null], ['inputDim', 32]]);
    expect(call).toThrow(ShapeError);
    expect(call).toThrow("RimCell.step: 'input' must be [batch, inputDim] = [?, 32], got [8, 16]");
    expect(() => assertShape('f', 'x', tf.zeros([8]), [['batch', null], ['d', null]])).toThrow(
      "f: 'x' must be [batch, d] = [?, ?], got [8]",
    );
  });
  it('assertSameShape names both arguments', () => {
    expect(() => assertSameShape('g', ['a', tf.zeros([2, 3])], ['b', tf.zeros([3, 2])])).toThrow(
      "g: 'b' must have the shape of 'a' [2, 3], got [3, 2]",
    );
  });
});

describe('ConfigCheck', () => {
  it('collects every problem, each starting with its field', () => {
    const c = new ConfigCheck('RimConfig');
    c.integer('topK', 8, 1, 6, 'numUnits').positiveInt('hidden', 0).rate('dropout', 1).oneOf('cell', 'rnn', ['lstm', 'gru']);
    let err: ConfigError | undefined;
    try {
      c.throwIfAny();
    } catch (e) {
      err = e as ConfigError;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect(err!.problems).toEqual([
      'RimConfig.topK: must be an integer in [1, numUnits = 6], got 8',
      'RimConfig.hidden: must be an integer in [1, ∞], got 0',
      'RimConfig.dropout: must be a number in [0, 1), got 1',
      'RimConfig.cell: must be one of "lstm" | "gru", got "rnn"',
    ]);
    expect(err!.message).toContain('4 problems');
  });
  it('passes a good config', () => {
    expect(() => new ConfigCheck('X').integer('topK', 4, 1, 6).number('lr', 1e-3, 0).throwIfAny()).not.toThrow();
  });
  it('assertKnownKeys rejects typos', () => {
    expect(() => assertKnownKeys('RimConfig', { topk: 4 }, ['topK', 'numUnits'])).toThrow(
      'RimConfig.topk: unknown field (known: topK, numUnits)',
    );
  });
});
