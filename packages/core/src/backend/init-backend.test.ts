import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it, vi } from 'vitest';
import { BackendError, ConfigError } from '../errors.js';
import { initBackend } from './init-backend.js';

describe('initBackend', () => {
  it("'auto' falls back from native TensorFlow (not installed here) to wasm, and says why", async () => {
    const info = await initBackend('auto');
    expect(info.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(info.reason).toMatch(/picked wasm; tried before it: tensorflow \(@tensorflow\/tfjs-node-gpu: not installed/);
  });

  it('starts a named pure-npm backend', async () => {
    expect((await initBackend('cpu')).name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect((await initBackend('wasm')).name).toBe('wasm');
  });

  it('a named backend that cannot start is a BackendError with how to install it, never a silent fallback', async () => {
    await initBackend('cpu');
    const err = await initBackend('tensorflow').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendError);
    expect((err as Error).message).toMatch(/initBackend\('tensorflow'\): the backend cannot start: .*install '@tensorflow\/tfjs-node-gpu@4.22.0'/);
    const gpu = await initBackend('webgpu').catch((e: unknown) => e);
    expect(gpu).toBeInstanceOf(BackendError);
    expect((gpu as Error).message).toMatch(/install '@tensorflow\/tfjs-backend-webgpu@4.22.0'/);
    expect(tf.getBackend()).toBe('cpu');
  });

  it("prints no 'install the node backend' banner when the cpu backend first computes", async () => {
    await tf.removeBackend('cpu'); // a fresh cpu backend instance: its first use is still ahead
    const { MathBackendCPU } = await import('@tensorflow/tfjs-backend-cpu');
    tf.registerBackend('cpu', () => new MathBackendCPU(), 1);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      await initBackend('cpu');
      tf.tidy(() => tf.add(tf.ones([2]), tf.ones([2])).dataSync());
      expect(warn.mock.calls.map((c) => String(c[0]))).not.toContainEqual(expect.stringContaining('node backend'));
    } finally {
      warn.mockRestore();
    }
  });

  it('rejects an unknown name', async () => {
    await expect(initBackend('gpu')).rejects.toThrow(ConfigError);
    await expect(initBackend('gpu')).rejects.toThrow(/'name' must be one of auto \| tensorflow \| wasm \| cpu \| webgpu, got "gpu"/);
  });
});
