import { checkSizes } from './check-sizes.js';

/**
 * FLOPs of `[m, k] @ [k, n]`: one multiply and one add per term, `2 * m * k * n`.
 *
 * The FLOP convention of this package: a multiply-add is 2 FLOPs, every other elementwise op
 * (add, multiply, sigmoid, tanh, exp, divide) is 1 FLOP per element; reads, copies, reshapes and
 * transposes are free.
 *
 * @throws ConfigError when a size is not a non-negative integer.
 * @example
 * matmulFlops(2, 3, 4); // 48
 */
export function matmulFlops(m: number, k: number, n: number): number {
  checkSizes('matmulFlops', { m, k, n });
  return 2 * m * k * n;
}

/** Shape of a (grouped) linear map: `x [batch, units, in] @ w [units, in, out] (+ b [units, out])`. */
export interface LinearShape {
  /** Rows (sequences) in the batch. */
  batch: number;
  /** Independent maps; 1 for a plain dense layer. Default 1. */
  units?: number;
  /** Input size of one unit. */
  inSize: number;
  /** Output size of one unit. */
  outSize: number;
  /** Whether a bias is added (1 FLOP per output). Default `true`. */
  bias?: boolean;
}

/**
 * FLOPs of a linear map, plain (`units = 1`) or grouped (GroupLinear, one map per unit):
 * `units * (2 * batch * in * out + (bias ? batch * out : 0))`.
 *
 * @throws ConfigError when a size is not a non-negative integer.
 * @example
 * groupLinearFlops({ batch: 64, units: 6, inSize: 100, outSize: 400 }); // 6 * (2*64*100*400 + 64*400) = 30_873_600
 */
export function groupLinearFlops({ batch, units = 1, inSize, outSize, bias = true }: LinearShape): number {
  checkSizes('groupLinearFlops', { batch, units, inSize, outSize });
  return units * (matmulFlops(batch, inSize, outSize) + (bias ? batch * outSize : 0));
}
