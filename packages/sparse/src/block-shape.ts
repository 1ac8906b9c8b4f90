import { ConfigError, ShapeError } from '@rimjs/core';

/**
 * The shape of one block of a weight matrix: `[rows, cols]`. Square blocks from 4x4 to 32x32 are
 * the paper's; rectangular ones (`[1, 8]`, `[12, 2]`) and `[1, 1]` (plain weight pruning, the
 * unstructured reference) work the same way.
 */
export type BlockShape = readonly [rows: number, cols: number];

/** The largest block side accepted (the paper's technique is stated for blocks up to 32 x 32). */
export const MAX_BLOCK_SIDE = 32;

/**
 * Checks a block shape on its own, and, given the matrix shape, that the blocks tile it exactly.
 * Returns the block grid `[R / bh, C / bw]`.
 *
 * @param where the calling function, for messages
 * @param arg the argument's name, for messages
 * @param block `[bh, bw]`
 * @param matrix the weight's shape `[R, C]`
 * @throws ConfigError when `block` is not two integers in [1, 32]; ShapeError when the matrix is
 *   not 2-D or its sides are not multiples of the block's.
 * @example
 * checkBlockShape('f', 'block', [8, 8], [32, 128]); // [4, 16]
 */
export function checkBlockShape(where: string, arg: string, block: unknown, matrix: readonly number[]): [number, number] {
  const ok =
    Array.isArray(block) &&
    block.length === 2 &&
    block.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 1 && d <= MAX_BLOCK_SIDE);
  if (!ok) {
    throw new ConfigError(`${where}: '${arg}' must be [rows, cols], integers in [1, ${MAX_BLOCK_SIDE}], got ${JSON.stringify(block)}`);
  }
  const [bh, bw] = block as [number, number];
  if (matrix.length !== 2) {
    throw new ShapeError(`${where}: '${arg}' needs a 2-D weight [rows, cols], got [${matrix.join(', ')}]`);
  }
  const [r, c] = matrix as [number, number];
  if (r % bh !== 0 || c % bw !== 0) {
    throw new ShapeError(
      `${where}: '${arg}' [${bh}, ${bw}] must tile the weight [rows, cols] = [${r}, ${c}] exactly (rows % ${bh} = ${r % bh}, cols % ${bw} = ${c % bw})`,
    );
  }
  return [r / bh, c / bw];
}
