import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeak } from '../testing/expect-no-leak.js';
import { TEST_BACKENDS, useBackend } from '../testing/backends.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { jsKernelsAvailable, runJsKernel, type JsKernel } from './js-kernel.js';

/** `[a + b * scale, a * b]` of two same-shape tensors. */
const twoOut: JsKernel = {
  name: 'RimjsTestTwoOut',
  shapes: ([a]) => [a!, a!],
  compute([a, b], [sum, prod], attrs) {
    for (let i = 0; i < a!.length; i++) {
      sum![i] = a![i]! + b![i]! * attrs['scale']!;
      prod![i] = a![i]! * b![i]!;
    }
  },
};

describe.each(TEST_BACKENDS)('JavaScript kernels on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('reads and writes the backend memory (private API of tfjs 4.22.0: fails if an upgrade changes it)', async () => {
    expect(jsKernelsAvailable()).toBe(true);
    const a = tf.tensor2d([[1, 2], [3, 4]]);
    const b = tf.reshape(tf.tensor1d([10, 20, 30, 40]), [2, 2]); // a view sharing its data
    const [s, p] = runJsKernel(twoOut, [a, b], { scale: 0.5 });
    expect(s!.shape).toEqual([2, 2]);
    expect(Array.from(s!.dataSync())).toEqual([6, 12, 18, 24]);
    expect(Array.from(p!.dataSync())).toEqual([10, 40, 90, 160]);
    await expectNoLeak(() => tf.dispose(runJsKernel(twoOut, [a, b], { scale: 1 })));
    tf.dispose([a, b, s!, p!]);
  });
});
