import * as tf from '@tensorflow/tfjs-core';
import { ConfigError } from '@rimjs/core';
import type { BlockShape } from './block-shape.js';
import { blockMaxAbs } from './block-reduce.js';

/**
 * Where the threshold scale `q` of a pruned matrix comes from (it is measured once, at the
 * first pruning step, from the weights as they are then, unless `fixed`):
 * - `percentile` (the paper): the `percentile`-th percentile (default 90) of `|w|`; the threshold
 *   is then multiplied by `N_b^(1/4)` for blocks of `N_b` elements (BSR's larger start slope);
 * - `blockSparsity` (OURS, a calibrated variant): the `sparsity`-quantile of the blocks' max
 *   `|w|`, so the ramp ends near that block sparsity of the weights it measured; no block factor.
 *   With `track: true` it is measured again at every pruning step (pruned blocks count as 0), so
 *   the final block sparsity lands near `sparsity` even while the weights grow;
 * - `fixed`: `q` itself (e.g. from a previously trained dense model), with the block factor.
 */
export type QSource =
  | { readonly kind: 'percentile'; readonly percentile?: number }
  | { readonly kind: 'blockSparsity'; readonly sparsity: number; readonly track?: boolean }
  | { readonly kind: 'fixed'; readonly q: number };

/** The `p`-quantile (`p` in [0, 1]) of host values, by sorting (linear interpolation). */
export function quantile(values: ArrayLike<number>, p: number): number {
  const sorted = Float64Array.from(values).sort();
  if (sorted.length === 0) return 0;
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Checks a {@link QSource}; returns problems (each naming `field`). */
export function qSourceProblems(field: string, q: unknown): string[] {
  const s = q as Partial<{ kind: string; percentile: unknown; sparsity: unknown; q: unknown }>;
  if (typeof q !== 'object' || q === null) return [`${field}: must be a QSource object, got ${JSON.stringify(q)}`];
  if (s.kind === 'percentile') {
    const p = s.percentile ?? 90;
    return typeof p === 'number' && p > 0 && p < 100 ? [] : [`${field}.percentile: must be a number in (0, 100), got ${JSON.stringify(p)}`];
  }
  if (s.kind === 'blockSparsity') {
    return typeof s.sparsity === 'number' && s.sparsity > 0 && s.sparsity < 1 ? [] : [`${field}.sparsity: must be a number in (0, 1), got ${JSON.stringify(s.sparsity)}`];
  }
  if (s.kind === 'fixed') {
    return typeof s.q === 'number' && Number.isFinite(s.q) && s.q > 0 ? [] : [`${field}.q: must be a positive number, got ${JSON.stringify(s.q)}`];
  }
  return [`${field}.kind: must be one of "percentile" | "blockSparsity" | "fixed", got ${JSON.stringify(s.kind)}`];
}

/**
 * Measures `q` and the threshold's block factor for one matrix.
 * @param w `[R, C]` (its current values are read)
 * @returns `q` and `scale` (`N_b^(1/4)` or 1, see {@link QSource})
 */
export function measureQ(w: tf.Tensor2D, block: BlockShape, source: QSource, blockSlopeScale: boolean): { q: number; scale: number } {
  const factor = blockSlopeScale ? (block[0] * block[1]) ** 0.25 : 1;
  switch (source.kind) {
    case 'fixed':
      return { q: source.q, scale: factor };
    case 'percentile': {
      const abs = tf.tidy(() => tf.abs(w).dataSync());
      return { q: quantile(abs, (source.percentile ?? 90) / 100), scale: factor };
    }
    case 'blockSparsity': {
      const maxes = tf.tidy(() => blockMaxAbs(w, block).dataSync());
      return { q: quantile(maxes, source.sparsity), scale: 1 };
    }
    default:
      throw new ConfigError(`measureQ: unknown QSource kind ${JSON.stringify((source as { kind: unknown }).kind)}`);
  }
}
