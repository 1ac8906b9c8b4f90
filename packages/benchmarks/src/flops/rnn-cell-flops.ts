import { checkSizes } from './check-sizes.js';
import { matmulFlops } from './matmul-flops.js';

/** Shape of one recurrent cell step; `units > 1` is the grouped (per-mechanism) form. */
export interface CellShape {
  batch: number;
  /** Independent cells with their own weights (RIM mechanisms). Default 1. */
  units?: number;
  /** Input size of one unit. */
  inputSize: number;
  /** Hidden size of one unit. */
  hiddenSize: number;
}

/**
 * FLOPs of one LSTM step (PyTorch form, two biases), per unit and batch row, with `H = hiddenSize`:
 * matmuls `2*in*4H + 2*H*4H`; bias and sum adds `3 * 4H`; 3 sigmoids + 1 tanh on the gates `4H`;
 * `c' = f*c + i*g` `3H`; `h' = o * tanh(c')` `2H` (21 H elementwise in all). The grouped form
 * (`units` mechanisms, as in a RIM) is `units` times that.
 *
 * @throws ConfigError when a size is not a non-negative integer.
 * @example
 * lstmCellFlops({ batch: 1, inputSize: 1, hiddenSize: 1 }); // 8 + 8 + 21 = 37
 */
export function lstmCellFlops({ batch, units = 1, inputSize, hiddenSize: h }: CellShape): number {
  checkSizes('lstmCellFlops', { batch, units, inputSize, hiddenSize: h });
  const matmuls = matmulFlops(batch, inputSize, 4 * h) + matmulFlops(batch, h, 4 * h);
  return units * (matmuls + 21 * batch * h);
}

/**
 * FLOPs of one GRU step (PyTorch form: `n = tanh(W_in x + b_in + r * (W_hn h + b_hn))`), per unit
 * and batch row, with `H = hiddenSize`: matmuls `2*in*3H + 2*H*3H`; bias adds `6H`; r and z sums
 * `2H` and sigmoids `2H`; `r * (.)` `H`, `+` `H`, tanh `H`; `h' = (1 - z) * n + z * h` `4H`
 * (17 H elementwise in all). The grouped form is `units` times that.
 *
 * @throws ConfigError when a size is not a non-negative integer.
 * @example
 * gruCellFlops({ batch: 1, inputSize: 1, hiddenSize: 1 }); // 6 + 6 + 17 = 29
 */
export function gruCellFlops({ batch, units = 1, inputSize, hiddenSize: h }: CellShape): number {
  checkSizes('gruCellFlops', { batch, units, inputSize, hiddenSize: h });
  const matmuls = matmulFlops(batch, inputSize, 3 * h) + matmulFlops(batch, h, 3 * h);
  return units * (matmuls + 17 * batch * h);
}
