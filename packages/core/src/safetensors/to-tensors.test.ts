import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import '../backend/register-kernels.js';
import { CheckpointError } from '../errors.js';
import { fromTensors } from './from-tensors.js';
import { parseSafetensors } from './parse-safetensors.js';
import { serializeSafetensors } from './serialize-safetensors.js';
import { toTensors } from './to-tensors.js';

describe.each(['cpu', 'wasm'])('toTensors / fromTensors on %s', (backend) => {
  beforeAll(async () => {
    await tf.setBackend(backend);
    await tf.ready();
  });

  it('makes float32, int32 and bool tensors with the file shapes and values', async () => {
    const bytes = serializeSafetensors({
      w: { dtype: 'F32', shape: [2, 3], data: [1, 2, 3, 4, 5, 6] },
      h: { dtype: 'F16', shape: [2], data: [0.5, -1] },
      ids: { dtype: 'I64', shape: [3], data: [5, -6, 7] },
      u: { dtype: 'U8', shape: [2], data: [200, 3] },
      m: { dtype: 'BOOL', shape: [2, 1], data: [0, 1] },
      s: { dtype: 'F32', shape: [], data: [9] },
      e: { dtype: 'F32', shape: [0, 2], data: [] },
    });
    const t = toTensors(parseSafetensors(bytes));
    expect(Object.keys(t).sort()).toEqual(['e', 'h', 'ids', 'm', 's', 'u', 'w']);
    expect([t.w!.dtype, t.h!.dtype, t.ids!.dtype, t.u!.dtype, t.m!.dtype]).toEqual(['float32', 'float32', 'int32', 'int32', 'bool']);
    expect(t.w!.shape).toEqual([2, 3]);
    expect(await t.w!.array()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(await t.h!.array()).toEqual([0.5, -1]);
    expect(await t.ids!.array()).toEqual([5, -6, 7]);
    expect(await t.u!.array()).toEqual([200, 3]);
    expect(await t.m!.array()).toEqual([[0], [1]]);
    expect(t.s!.shape).toEqual([]);
    expect(await t.s!.array()).toBe(9);
    expect(t.e!.shape).toEqual([0, 2]);
    tf.dispose(Object.values(t));
  });

  it('round-trips tfjs tensors and metadata through bytes, leaving the tensors to the caller', async () => {
    const before = tf.memory().numTensors;
    const src = {
      w: tf.tensor2d([[0.25, -1.5], [3, 1e-7]]),
      i: tf.tensor1d([1, -2, 3], 'int32'),
      b: tf.tensor1d([true, false], 'bool'),
    };
    const bytes = await fromTensors(src, { step: '3' });
    expect(src.w.isDisposed).toBe(false);
    const file = parseSafetensors(bytes);
    expect(file.metadata).toEqual({ step: '3' });
    expect(file.tensors.get('w')).toEqual({ dtype: 'F32', shape: [2, 2], data: new Float32Array([0.25, -1.5, 3, 1e-7]) });
    expect(file.tensors.get('i')).toEqual({ dtype: 'I32', shape: [3], data: new Int32Array([1, -2, 3]) });
    expect(file.tensors.get('b')).toEqual({ dtype: 'BOOL', shape: [2], data: new Uint8Array([1, 0]) });
    const back = toTensors(file);
    expect(await back.w!.data()).toEqual(await src.w.data());
    tf.dispose([...Object.values(back), ...Object.values(src)]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('does not leak: tensor count flat over repeated read/write after a warm-up', async () => {
    const bytes = serializeSafetensors({ w: { dtype: 'F32', shape: [4, 4], data: new Float32Array(16).fill(1) } });
    const once = async () => {
      const t = toTensors(parseSafetensors(bytes));
      await fromTensors(t);
      tf.dispose(Object.values(t));
    };
    await once();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await once();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects disposed, string and non-tensor values with a CheckpointError naming the tensor', async () => {
    const gone = tf.scalar(1);
    gone.dispose();
    await expect(fromTensors({ g: gone })).rejects.toThrow(new CheckpointError('fromTensors: tensor "g": the tensor is disposed'));
    const s = tf.tensor1d(['a'], 'string'); // (the wasm backend has no complex64 kernel to test that)
    await expect(fromTensors({ s })).rejects.toThrow(
      new CheckpointError("fromTensors: tensor \"s\": dtype 'string' cannot be stored; use float32, int32 or bool"),
    );
    s.dispose();
    await expect(fromTensors({ x: 3 as unknown as tf.Tensor })).rejects.toThrow(
      new CheckpointError('fromTensors: tensor "x": must be a tf.Tensor, got 3'),
    );
  });

  it('rejects a raw tensor whose data does not fit its shape, disposing what it made', () => {
    const before = tf.memory().numTensors;
    const tensors = new Map([
      ['ok', { dtype: 'F32' as const, shape: [1], data: new Float32Array([1]) }],
      ['bad', { dtype: 'F32' as const, shape: [3], data: new Float32Array(2) }],
    ]);
    expect(() => toTensors(tensors)).toThrow(
      new CheckpointError('toTensors: tensor "bad": data has 2 elements, shape [3] needs 3'),
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});
