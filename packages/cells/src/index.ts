// @rimjs/cells: recurrent cells (LSTM, GRU), their grouped per-mechanism forms, unroll and
// PyTorch weight import. This file is the package's only public door.
export type { Cell, RecurrentState, StepOptions, StepResult } from './cell.js';
export { CELL_DEFAULTS, type CellConfig, type GroupCellConfig, type ResolvedCellConfig, type ResolvedGroupCellConfig } from './cell-config.js';
export type { CellWeights, GroupCellWeights, TorchCellWeights } from './weights.js';
export { lstmStep } from './lstm-step.js';
export { gruStep, type GruStepOptions } from './gru-step.js';
export { groupLstmStep } from './group-lstm-step.js';
export { groupGruStep, type GroupGruStepOptions } from './group-gru-step.js';
export { LstmCell } from './lstm-cell.js';
export { GruCell } from './gru-cell.js';
export { GroupLstmCell } from './group-lstm-cell.js';
export { GroupGruCell } from './group-gru-cell.js';
export { unroll, type UnrollOptions, type UnrollResult } from './unroll.js';
export { collectTensors } from './collect-tensors.js';
export { importTorchLstmCell } from './import-torch-lstm-cell.js';
export { importTorchGruCell } from './import-torch-gru-cell.js';
export { blockDiagonalToGroup, type BlockDiagonalOptions } from './block-diagonal-to-group.js';
export { groupToBlockDiagonal } from './group-to-block-diagonal.js';
