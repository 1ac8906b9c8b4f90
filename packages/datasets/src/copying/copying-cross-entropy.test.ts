import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, ShapeError } from '@rimjs/core';
import { TEST_BACKENDS, expectNoLeak, useBackend } from '@rimjs/core/testing';
import { copyingCrossEntropy } from './copying-cross-entropy.js';

// time 3, batch 2, vocab 3
const LOGITS = [
  [[1, 2, 3], [0, 0, 0]],
  [[2, -1, 0.5], [4, 1, 1]],
  [[0, 0, 5], [-2, 3, 1]],
];
const TARGETS = [
  [2, 1],
  [0, 1],
  [2, 0],
];

/** -log softmax(l)[y], written plainly. */
function nll(l: number[], y: number): number {
  const lse = Math.log(l.reduce((a, v) => a + Math.exp(v), 0));
  return lse - l[y]!;
}

function reference(lastSteps: number): number {
  let sum = 0;
  let n = 0;
  for (let t = 3 - lastSteps; t < 3; t++) {
    for (let b = 0; b < 2; b++) {
      sum += nll(LOGITS[t]![b]!, TARGETS[t]![b]!);
      n++;
    }
  }
  return sum / n;
}

describe.each(TEST_BACKENDS)('copyingCrossEntropy on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('matches the hand-computed mean negative log-likelihood, over all and over the last steps', () => {
    const logits = tf.tensor3d(LOGITS);
    const targets = tf.tensor2d(TARGETS, undefined, 'int32');
    for (const lastSteps of [undefined, 1, 2, 3]) {
      const got = copyingCrossEntropy(logits, targets, lastSteps === undefined ? {} : { lastSteps });
      expect(got.shape).toEqual([]);
      expect(got.dataSync()[0]).toBeCloseTo(reference(lastSteps ?? 3), 5);
      got.dispose();
    }
    // the first step alone, by hand: mean of -log softmax([1,2,3])[2] and -log softmax([0,0,0])[1]
    const first = (Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)) - 3 + Math.log(3)) / 2;
    expect(reference(3) * 6 - reference(2) * 4).toBeCloseTo(first * 2, 10);
    tf.dispose([logits, targets]);
  });

  it('is 0 for a confident correct prediction and log(vocab) for uniform logits', () => {
    const targets = tf.tensor2d([[1, 2], [0, 3]], undefined, 'int32');
    const confident = tf.mul(tf.oneHot(targets, 4), 100) as tf.Tensor3D;
    const uniform = tf.zeros([2, 2, 4]) as tf.Tensor3D;
    expect(copyingCrossEntropy(confident, targets).dataSync()[0]).toBeCloseTo(0, 6);
    expect(copyingCrossEntropy(uniform, targets).dataSync()[0]).toBeCloseTo(Math.log(4), 6);
    tf.dispose([targets, confident, uniform]);
  });

  it('rejects mismatched shapes, float targets and a bad lastSteps', () => {
    const logits = tf.zeros([3, 2, 4]) as tf.Tensor3D;
    const wrong = tf.zeros([3, 5], 'int32') as tf.Tensor2D;
    const float = tf.zeros([3, 2]) as tf.Tensor2D;
    const good = tf.zeros([3, 2], 'int32') as tf.Tensor2D;
    expect(() => copyingCrossEntropy(logits, wrong)).toThrow(ShapeError);
    expect(() => copyingCrossEntropy(logits, wrong)).toThrow("copyingCrossEntropy: 'targets' must be [time, batch] = [3, 2], got [3, 5]");
    expect(() => copyingCrossEntropy(logits, float)).toThrow(/'targets' must be int32 tokens in \[0, vocab = 4\), got dtype float32/);
    expect(() => copyingCrossEntropy(logits, good, { lastSteps: 4 })).toThrow(ConfigError);
    expect(() => copyingCrossEntropy(logits, good, { lastSteps: 4 })).toThrow('copyingCrossEntropy.lastSteps: must be an integer in [1, time = 3], got 4');
    tf.dispose([logits, wrong, float, good]);
  });

  it('leaks no tensor', async () => {
    const logits = tf.randomNormal([70, 4, 10], 0, 1, 'float32', 3) as tf.Tensor3D;
    const targets = tf.zeros([70, 4], 'int32') as tf.Tensor2D;
    await expectNoLeak(() => copyingCrossEntropy(logits, targets, { lastSteps: 10 }).dispose());
    tf.dispose([logits, targets]);
  });
});
