import * as tf from '@tensorflow/tfjs-core';
import { bsrMatMul, decodeBlockSparse, prepareBsr } from '@rimjs/sparse';

/** Median and p90 - p10 spread in milliseconds of `runs` calls (after 3 warm-ups), each read back and disposed. */
export function timeMs(f: () => tf.Tensor, runs = 30): { median: number; spread: number } {
  for (let i = 0; i < 3; i++) f().dispose();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const y = f();
    y.dataSync();
    t.push(performance.now() - t0);
    y.dispose();
  }
  t.sort((a, b) => a - b);
  return { median: t[Math.floor(runs / 2)]!, spread: t[Math.floor(runs * 0.9)]! - t[Math.floor(runs * 0.1)]! };
}

/**
 * Times the recurrent layer's per-step matmuls `x @ wIh + h @ wHh` at `batch`: dense `tf.matMul`
 * on the stored weights vs `bsrMatMul` on the BSR matrices read back from the block-sparse file.
 */
export function recurrentStepTimes(fileBytes: Uint8Array, batch: number): { denseMs: number; sparseMs: number } | null {
  const { tensors, bsr } = decodeBlockSparse(fileBytes);
  try {
    const ih = bsr['cell.weightIh'];
    const hh = bsr['cell.weightHh'];
    const wIh = tensors['cell.weightIh'] as tf.Tensor2D;
    const wHh = tensors['cell.weightHh'] as tf.Tensor2D;
    const x = tf.randomNormal([batch, wIh.shape[0]], 0, 1, 'float32', 1) as tf.Tensor2D;
    const h = tf.randomNormal([batch, wHh.shape[0]], 0, 1, 'float32', 2) as tf.Tensor2D;
    const denseMs = timeMs(() => tf.tidy(() => tf.add(tf.matMul(x, wIh), tf.matMul(h, wHh)))).median;
    if (!ih || !hh) {
      tf.dispose([x, h]);
      return { denseMs, sparseMs: denseMs };
    }
    const pIh = prepareBsr(ih);
    const pHh = prepareBsr(hh);
    const sparseMs = timeMs(() => tf.tidy(() => tf.add(bsrMatMul(x, pIh), bsrMatMul(h, pHh)))).median;
    tf.dispose([x, h]);
    pIh.dispose();
    pHh.dispose();
    return { denseMs, sparseMs };
  } finally {
    tf.dispose(Object.values(tensors));
  }
}
