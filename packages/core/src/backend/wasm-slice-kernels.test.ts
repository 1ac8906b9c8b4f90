import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../testing/backends.js';
import { Rng } from '../rng.js';
import { registerWasmSliceKernels } from './wasm-slice-kernels.js';

/** Values of `f` on the cpu backend and on wasm, for the same input data. */
async function onBoth(data: Float32Array, shape: number[], f: (x: tf.Tensor) => tf.Tensor | tf.Tensor[]): Promise<[number[][], number[][]]> {
  const run = async (backend: string) => {
    await useBackend(backend);
    const x = tf.tensor(data, shape);
    const ys = f(x);
    const list = Array.isArray(ys) ? ys : [ys];
    const out = list.map((y) => [...y.shape, -1, ...y.dataSync()]);
    tf.dispose([x, ...list]);
    return out;
  };
  return [await run('cpu'), await run('wasm')];
}

describe('wasm slice kernels (no copy of the whole input)', () => {
  beforeAll(() => useBackend('wasm'));

  it('replaces Slice, SplitV and Unpack of tfjs-backend-wasm 4.22.0 (fails if an upgrade renames them)', () => {
    expect(registerWasmSliceKernels()).toEqual(['Slice', 'SplitV', 'Unpack']);
    for (const name of ['Slice', 'SplitV', 'Unpack']) expect(tf.getKernel(name, 'wasm')?.kernelFunc.name).toBe(''); // ours: anonymous closures
    const backend = tf.findBackend('wasm') as unknown as Record<string, unknown>;
    expect(typeof backend['typedArrayFromHeap']).toBe('function');
    expect(typeof backend['makeOutput']).toBe('function');
  });

  it('gives the cpu backend values for slices of every rank, split and unstack on every axis', async () => {
    const rng = new Rng(3);
    const shape = [3, 4, 5, 6];
    const data = Float32Array.from({ length: 360 }, () => rng.normal());
    const [cpu, wasm] = await onBoth(data, shape, (x) => [
      tf.slice(x, [1, 0, 0, 0], [1, -1, -1, -1]), // contiguous
      tf.slice(x, [0, 1, 2, 3], [2, 2, 3, 2]), // strided on every axis
      tf.slice(x, [2, 3, 0, 0], [1, 1, 5, 6]),
      tf.slice(tf.reshape(x, [18, 20]), [3, 5], [7, 10]),
      tf.slice(tf.reshape(x, [360]), [17], [100]),
      tf.slice(x, [0, 0, 0, 0], [0, 4, 5, 6]), // empty
      ...tf.split(x, [1, 3, 2], 3),
      ...tf.split(x, 2, 1),
      ...tf.unstack(x, 0),
      ...tf.unstack(x, 2),
      ...tf.unstack(tf.reshape(x, [3, 4, 30]), 1),
    ]);
    expect(wasm).toEqual(cpu);
  });

  it('keeps the gradients of slice and split', async () => {
    const data = Float32Array.from({ length: 24 }, (_, i) => i / 7);
    const [cpu, wasm] = await onBoth(data, [2, 3, 4], (x) =>
      tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.split(a, 2, 2)[1]!, tf.slice(a, [0, 1, 0], [2, 2, 2]).concat(tf.zeros([2, 1, 2]), 1))))(x),
    );
    expect(wasm).toEqual(cpu);
  });

  it('leaves int32 slices exact', async () => {
    await useBackend('wasm');
    const x = tf.tensor2d([[1, 2, 3], [4, 5, 6]], [2, 3], 'int32');
    const y = tf.slice(x, [0, 1], [2, 2]);
    expect(y.dtype).toBe('int32');
    expect(Array.from(y.dataSync())).toEqual([2, 3, 5, 6]);
    tf.dispose([x, y]);
  });
});
