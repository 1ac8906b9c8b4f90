import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { TEST_BACKENDS, expectNoLeak, useBackend } from '@rimjs/core/testing';
import { copyingAccuracy } from './copying-accuracy.js';

describe.each(TEST_BACKENDS)('copyingAccuracy on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('counts argmax hits per step, per symbol and per sequence (hand-computed)', () => {
    // time 3, batch 4, vocab 3; predictions (argmax) written beside.
    const preds = [
      [0, 1, 2, 0],
      [1, 1, 0, 2],
      [2, 2, 2, 2],
    ];
    const targets = [
      [0, 1, 2, 1], // 3 of 4 right
      [1, 0, 0, 2], // 3 of 4
      [2, 2, 1, 2], // 3 of 4
    ];
    const logits = tf.tidy(() => tf.mul(tf.oneHot(tf.tensor2d(preds, undefined, 'int32'), 3), 2) as tf.Tensor3D);
    const y = tf.tensor2d(targets, undefined, 'int32');
    const all = copyingAccuracy(logits, y);
    expect(Array.from(all.perStep.dataSync())).toEqual([0.75, 0.75, 0.75]);
    expect(all.perSymbol.dataSync()[0]).toBeCloseTo(9 / 12, 6);
    // sequence 0 is right everywhere; 1 wrong at t=1; 2 wrong at t=2; 3 wrong at t=0
    expect(all.perSequence.dataSync()[0]).toBeCloseTo(1 / 4, 6);
    const last = copyingAccuracy(logits, y, { lastSteps: 2 });
    expect(last.perStep.shape).toEqual([2]);
    // last two steps: sequences 0 and 3 right at both
    expect(last.perSequence.dataSync()[0]).toBeCloseTo(2 / 4, 6);
    tf.dispose([logits, y, all, last]);
  });

  it('leaks no tensor', async () => {
    const logits = tf.randomNormal([20, 4, 10], 0, 1, 'float32', 5) as tf.Tensor3D;
    const targets = tf.zeros([20, 4], 'int32') as tf.Tensor2D;
    await expectNoLeak(() => tf.dispose(copyingAccuracy(logits, targets, { lastSteps: 10 })));
    tf.dispose([logits, targets]);
  });
});
