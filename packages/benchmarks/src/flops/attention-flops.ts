import { checkSizes } from './check-sizes.js';
import { matmulFlops } from './matmul-flops.js';

/** Shape of one (multi-head) attention. Projection sizes that are left out are not counted. */
export interface AttentionShape {
  batch: number;
  /** Query positions (or slots) `Lq`. */
  queries: number;
  /** Key/value positions `Lk`. */
  keys: number;
  /** Heads `h`. Default 1. */
  heads?: number;
  /** Key (and query) size of one head `dk`. */
  keySize: number;
  /** Value size of one head `dv`. */
  valueSize: number;
  /** Input size of the query projection `[Dq, h*dk]`, if one is counted. */
  queryInput?: number;
  /** Input size of the key and value projections `[Dk, h*dk]`, `[Dk, h*dv]`, if counted. */
  keyInput?: number;
  /** Output size of the output projection `[h*dv, Do]`, if counted. */
  outputSize?: number;
}

/**
 * FLOPs of scaled dot-product attention with optional projections:
 * scores `2*B*h*Lq*Lk*dk`, scaling `B*h*Lq*Lk`, softmax 3 per score (exp, sum, divide),
 * weighted sum `2*B*h*Lq*Lk*dv`; projections (no bias) `2*B*Lq*Dq*h*dk` (queries),
 * `2*B*Lk*Dk*h*(dk+dv)` (keys and values), `2*B*Lq*h*dv*Do` (output).
 * Per-unit (grouped) projections, as in RIM, cost the same as one shared projection of the
 * same sizes, so they are counted the same way.
 *
 * @throws ConfigError when a size is not a non-negative integer.
 * @example
 * attentionFlops({ batch: 1, queries: 2, keys: 3, keySize: 4, valueSize: 5 }); // 48 + 6 + 18 + 60 = 132
 */
export function attentionFlops(shape: AttentionShape): number {
  const { batch, queries, keys, heads = 1, keySize, valueSize, queryInput, keyInput, outputSize } = shape;
  checkSizes('attentionFlops', { batch, queries, keys, heads, keySize, valueSize, queryInput, keyInput, outputSize });
  const scores = batch * heads * queries * keys; // elements of [batch, heads, Lq, Lk]
  let flops = batch * heads * matmulFlops(queries, keySize, keys) + scores + 3 * scores + batch * heads * matmulFlops(queries, keys, valueSize);
  if (queryInput !== undefined) flops += matmulFlops(batch * queries, queryInput, heads * keySize);
  if (keyInput !== undefined) flops += matmulFlops(batch * keys, keyInput, heads * (keySize + valueSize));
  if (outputSize !== undefined) flops += matmulFlops(batch * queries, heads * valueSize, outputSize);
  return flops;
}
