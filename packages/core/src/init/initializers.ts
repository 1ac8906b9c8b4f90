import * as tf from '@tensorflow/tfjs-core';
import { ConfigError } from '../errors.js';
import { Rng } from '../rng.js';

/**
 * Creates a tensor of `shape` from a non-zero integer `seed` (see {@link Rng.seed}).
 * Weight shapes follow rimjs' layout: `[in, out]`, or `[units, in, out]` for grouped weights,
 * so fan-in is the second-to-last dimension.
 */
export type Initializer = (shape: readonly number[], seed: number) => tf.Tensor;

function fans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length < 2) {
    const n = shape[0] ?? 1;
    return { fanIn: n, fanOut: n };
  }
  return { fanIn: shape[shape.length - 2]!, fanOut: shape[shape.length - 1]! };
}

/** All zeros. */
export function zeros(): Initializer {
  return (shape) => tf.zeros([...shape]);
}

/** All `value`. */
export function constant(value: number): Initializer {
  return (shape) => tf.fill([...shape], value);
}

/** Normal `N(mean, std^2)`; the official RIM projections use `normal({ std: 0.01 })`. */
export function normal({ mean = 0, std = 1 }: { mean?: number; std?: number } = {}): Initializer {
  return (shape, seed) => tf.randomNormal([...shape], mean, std, 'float32', seed);
}

/** Uniform on `[min, max)`. */
export function uniform({ min = -0.05, max = 0.05 }: { min?: number; max?: number } = {}): Initializer {
  return (shape, seed) => tf.randomUniform([...shape], min, max, 'float32', seed);
}

/**
 * PyTorch's default for `nn.Linear`, `nn.LSTMCell` and `nn.GRUCell`: `U(-1/sqrt(n), 1/sqrt(n))`
 * with `n = fanIn` (pass it explicitly for recurrent cells, where PyTorch uses the hidden size).
 */
export function torchDefault(fanIn?: number): Initializer {
  return (shape, seed) => {
    const n = fanIn ?? fans(shape).fanIn;
    const bound = 1 / Math.sqrt(n);
    return tf.randomUniform([...shape], -bound, bound, 'float32', seed);
  };
}

/** Glorot (Xavier) uniform: `U(-a, a)`, `a = sqrt(6 / (fanIn + fanOut))`. */
export function glorotUniform(): Initializer {
  return (shape, seed) => {
    const { fanIn, fanOut } = fans(shape);
    const a = Math.sqrt(6 / (fanIn + fanOut));
    return tf.randomUniform([...shape], -a, a, 'float32', seed);
  };
}

/**
 * Orthogonal (Saxe et al.): each trailing `[rows, cols]` matrix has orthonormal rows or columns,
 * times `gain`. Computed by Gram-Schmidt in float64 on seeded normals, so it is the same on
 * every backend.
 */
export function orthogonal(gain = 1): Initializer {
  return (shape, seed) => {
    if (shape.length < 2) throw new ConfigError(`orthogonal: 'shape' must have rank >= 2, got [${shape.join(', ')}]`);
    const rows = shape[shape.length - 2]!;
    const cols = shape[shape.length - 1]!;
    const count = shape.slice(0, -2).reduce((a, b) => a * b, 1);
    const rng = new Rng(seed);
    const out = new Float32Array(count * rows * cols);
    const big = Math.max(rows, cols);
    const small = Math.min(rows, cols);
    for (let m = 0; m < count; m++) {
      // `small` orthonormal vectors of length `big`.
      const vecs: Float64Array[] = [];
      while (vecs.length < small) {
        const v = Float64Array.from({ length: big }, () => rng.normal());
        for (const u of vecs) {
          let dot = 0;
          for (let i = 0; i < big; i++) dot += u[i]! * v[i]!;
          for (let i = 0; i < big; i++) v[i]! -= dot * u[i]!;
        }
        const norm = Math.hypot(...v);
        if (norm < 1e-6) continue;
        for (let i = 0; i < big; i++) v[i]! /= norm;
        vecs.push(v);
      }
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) {
          const val = rows >= cols ? vecs[c]![r]! : vecs[r]![c]!;
          out[m * rows * cols + r * cols + c] = gain * val;
        }
      }
    }
    return tf.tensor(out, [...shape]);
  };
}
