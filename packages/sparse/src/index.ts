// @rimjs/sparse: block-sparse recurrent networks (Narang et al., arXiv 1711.02782): block masks,
// block pruning with the paper's threshold schedule, group lasso, block-sparse storage and matmul.
// This file is the package's only public door.
export { checkBlockShape, MAX_BLOCK_SIDE, type BlockShape } from './block-shape.js';
export { blockMaxAbs, expandBlockMask, blockNorms } from './block-reduce.js';
export { groupLasso, groupLassoReference } from './group-lasso.js';
export { resolveSchedule, startSlope, isPruneStep, thresholdAt, SCHEDULE_DEFAULTS, type ScheduleConfig, type ResolvedSchedule } from './threshold-schedule.js';
export { measureQ, quantile, type QSource } from './threshold-scale.js';
export { BlockPruner, type BlockPrunerConfig, type PrunedMatrix, type GroupLassoConfig, type SparsityRow } from './block-pruner.js';
export { MaskedCell, type MaskedCellNames } from './masked-cell.js';
export { denseToBsr, bsrToDense, bsrBlockCount, bsrMatMulReference, type BsrMatrix } from './bsr-matrix.js';
export { prepareBsr, bsrMatMul, bsrMatMulGrouped, type PreparedBsr, type BsrMethod } from './bsr-mat-mul.js';
export { BSR_MAT_MUL_KERNEL } from './bsr-kernel.js';
export { encodeBlockSparse, decodeBlockSparse, BLOCK_SPARSE_FORMAT, type BlockSparseContents } from './block-sparse-file.js';
