import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../rng.js';
import { expectNoLeak, TEST_BACKENDS, useBackend } from '../testing/index.js';
import { groupLinearReference } from './group-linear-reference.js';
import { DEFAULT_STRATEGY, GROUP_LINEAR_STRATEGIES, type GroupLinearStrategy } from './strategies.js';

const STRATEGIES = Object.keys(GROUP_LINEAR_STRATEGIES) as GroupLinearStrategy[];
/** Strategies whose kernel count grows with `units` (a JS loop over units inside GroupLinear). */
const UNIT_LOOPS: GroupLinearStrategy[] = ['unitLoop', 'unitLoopCustom'];

/** [batch, units, in, out, withBias] */
const SHAPES: ReadonlyArray<readonly [number, number, number, number, boolean]> = [
  [3, 4, 5, 2, true],
  [1, 1, 3, 4, true],
  [2, 3, 4, 6, false],
  [4, 1, 7, 3, false],
  [1, 5, 6, 1, true],
  [5, 6, 16, 9, true],
];

function inputs(batch: number, units: number, inSize: number, outSize: number, seed: number) {
  const rng = new Rng(seed);
  const n = (label: string, shape: number[]) => tf.randomNormal(shape, 0, 1, 'float32', rng.child(label).seed());
  return {
    x: n('x', [batch, units, inSize]) as tf.Tensor3D, // [batch, units, in]
    w: n('w', [units, inSize, outSize]) as tf.Tensor3D, // [units, in, out]
    bias: n('bias', [units, outSize]) as tf.Tensor2D, // [units, out]
    r: n('r', [batch, units, outSize]) as tf.Tensor3D, // [batch, units, out]
  };
}

/** y and the gradients of sum(y * r) wrt x, w (and bias), as flat arrays. */
function valueAndGrads(
  fn: (x: tf.Tensor3D, w: tf.Tensor3D, bias?: tf.Tensor2D) => tf.Tensor3D,
  { x, w, bias, r }: ReturnType<typeof inputs>,
  withBias: boolean,
): { y: Float32Array; grads: Float32Array[] } {
  return tf.tidy(() => {
    const y = fn(x, w, withBias ? bias : undefined).dataSync() as Float32Array;
    const f = (...a: tf.Tensor[]) => tf.sum(tf.mul(fn(a[0] as tf.Tensor3D, a[1] as tf.Tensor3D, a[2] as tf.Tensor2D | undefined), r));
    const grads = tf.grads(f)(withBias ? [x, w, bias] : [x, w]).map((g) => g.dataSync() as Float32Array);
    return { y, grads };
  });
}

/** max |a - b| / max(1, max |b|) */
function relErr(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let diff = 0;
  let scale = 1;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return diff / scale;
}

/** Kernels dispatched by one forward + backward at `units`. */
async function kernelCount(strategy: GroupLinearStrategy, units: number): Promise<number> {
  const t = inputs(4, units, 5, 3, 7);
  const fn = GROUP_LINEAR_STRATEGIES[strategy];
  const info = await tf.profile(() => {
    const g = tf.tidy(() =>
      tf.grads((x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(fn(x as tf.Tensor3D, w as tf.Tensor3D, b as tf.Tensor2D), t.r)))([
        t.x,
        t.w,
        t.bias,
      ]),
    );
    tf.dispose(g);
  });
  tf.dispose(t);
  return info.kernels.length;
}

describe('groupLinearReference', () => {
  beforeAll(() => useBackend('cpu'));

  it('computes y[b, u, o] = sum_i x[b, u, i] w[u, i, o] + bias[u, o] (plain loops) and its gradients', () => {
    const [B, U, I, O] = [2, 3, 4, 5];
    const t = inputs(B, U, I, O, 3);
    const [x, w, bias, r] = [t.x, t.w, t.bias, t.r].map((v) => v.dataSync());
    const y = new Float32Array(B * U * O);
    const dx = new Float32Array(B * U * I);
    const dw = new Float32Array(U * I * O);
    const db = new Float32Array(U * O);
    for (let b = 0; b < B; b++) {
      for (let u = 0; u < U; u++) {
        for (let o = 0; o < O; o++) {
          let s = bias![u * O + o]!;
          const ro = r![(b * U + u) * O + o]!;
          db[u * O + o]! += ro;
          for (let i = 0; i < I; i++) {
            s += x![(b * U + u) * I + i]! * w![(u * I + i) * O + o]!;
            dx[(b * U + u) * I + i]! += ro * w![(u * I + i) * O + o]!;
            dw[(u * I + i) * O + o]! += ro * x![(b * U + u) * I + i]!;
          }
          y[(b * U + u) * O + o] = s;
        }
      }
    }
    const got = valueAndGrads(groupLinearReference, t, true);
    expect(relErr(got.y, y)).toBeLessThan(1e-6);
    expect(relErr(got.grads[0]!, dx)).toBeLessThan(1e-6);
    expect(relErr(got.grads[1]!, dw)).toBeLessThan(1e-6);
    expect(relErr(got.grads[2]!, db)).toBeLessThan(1e-6);
    tf.dispose(t);
  });
});

describe.each(TEST_BACKENDS)('GroupLinear strategies on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  describe.each(STRATEGIES.filter((s) => s !== 'reference'))('%s', (strategy) => {
    it.each(SHAPES)('equals the reference in values and gradients: batch %i, units %i, %i -> %i, bias %s', (B, U, I, O, withBias) => {
      const t = inputs(B, U, I, O, B * 1000 + U * 100 + I * 10 + O);
      const want = valueAndGrads(groupLinearReference, t, withBias);
      const got = valueAndGrads(GROUP_LINEAR_STRATEGIES[strategy], t, withBias);
      expect(relErr(got.y, want.y)).toBeLessThan(1e-5);
      expect(got.grads.length).toBe(withBias ? 3 : 2);
      got.grads.forEach((g, k) => expect(relErr(g, want.grads[k]!), `gradient ${['x', 'w', 'bias'][k]}`).toBeLessThan(1e-5));
      tf.dispose(t);
    });

    it('does not leak, forward or backward', async () => {
      const t = inputs(3, 4, 5, 2, 11);
      const fn = GROUP_LINEAR_STRATEGIES[strategy];
      await expectNoLeak(() => tf.tidy(() => fn(t.x, t.w, t.bias)).dispose(), { label: `${strategy} forward` });
      const f = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.sum(fn(x as tf.Tensor3D, w as tf.Tensor3D, b as tf.Tensor2D));
      await expectNoLeak(() => tf.dispose(tf.tidy(() => tf.grads(f)([t.x, t.w, t.bias]))), { label: `${strategy} backward` });
      tf.dispose(t);
    });
  });

  it('the default strategy dispatches the same number of kernels for 2 and 12 units', async () => {
    const strategy = DEFAULT_STRATEGY[backend]!;
    expect(UNIT_LOOPS).not.toContain(strategy);
    expect(await kernelCount(strategy, 12)).toBe(await kernelCount(strategy, 2));
  });

  it.each(STRATEGIES.filter((s) => !UNIT_LOOPS.includes(s)))('%s: kernel count does not grow with units', async (strategy) => {
    expect(await kernelCount(strategy, 12)).toBe(await kernelCount(strategy, 2));
  });

  it.each(UNIT_LOOPS)('%s: kernel count grows with units (documented: a JS loop inside GroupLinear)', async (strategy) => {
    expect(await kernelCount(strategy, 12)).toBeGreaterThan(await kernelCount(strategy, 2));
  });
});
