import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { maxAbsDiff, TEST_BACKENDS, useBackend } from '@rimjs/core/testing';
import { aimForward, type AimConfig, type AimWeights, type StochasticSelection } from './index.js';

type Stored = { shape: number[]; data: number[] };
type ParityCase = {
  name: string;
  config: AimConfig;
  stochastic: StochasticSelection | null;
  weights: Record<string, Stored>;
  x: number[][];
  probe: number[][];
  output: number[][];
  scores: number[][];
  mask: number[][];
  grads: Record<string, Stored>;
};

// Recorded by test-support/official-parity/generate.py from the official layer's definition.
const record = JSON.parse(readFileSync(new URL('./test-support/official-parity/official-parity.json', import.meta.url), 'utf8')) as { cases: ParityCase[] };

describe.each(TEST_BACKENDS)('parity with the official AIM forward (numpy record) on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it.each(record.cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    tf.tidy(() => {
      const names = Object.keys(c.weights);
      const vars = names.map((n) => tf.tensor(c.weights[n]!.data, c.weights[n]!.shape));
      const x = tf.tensor2d(c.x);
      const options = c.stochastic ? { stochastic: c.stochastic } : {};
      const weightsOf = (ts: tf.Tensor[]) => Object.fromEntries(names.map((n, i) => [n, ts[i]!])) as unknown as AimWeights;
      const res = aimForward(c.config, weightsOf(vars), x, options);
      expect(maxAbsDiff(res.output, tf.tensor2d(c.output))).toBeLessThan(1e-5);
      expect(maxAbsDiff(res.scores, tf.tensor2d(c.scores))).toBeLessThan(1e-5);
      expect(res.mask.arraySync()).toEqual(c.mask);
      const probe = tf.tensor2d(c.probe);
      const grads = tf.grads((xx: tf.Tensor, ...ws: tf.Tensor[]) =>
        tf.sum(tf.mul(aimForward(c.config, weightsOf(ws), xx as tf.Tensor2D, options).output, probe)))([x, ...vars]);
      for (const [i, name] of ['x', ...names].entries()) {
        const want = tf.tensor(c.grads[name]!.data, c.grads[name]!.shape);
        expect(grads[i]!.shape).toEqual(want.shape);
        expect(maxAbsDiff(grads[i]!, want)).toBeLessThan(1e-4);
      }
    });
  });
});
