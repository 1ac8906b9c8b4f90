// @rimjs/rim: Recurrent Independent Mechanisms. This file is the package's only public door.
export { RimCell, type RimState, type RimStepOptions, type RimStepResult } from './rim-cell.js';
export {
  resolveRimCellConfig,
  RIM_PRESETS,
  type RimCellConfig,
  type RimCellOptions,
  type RimPresetName,
  type CommOutput,
} from './rim-config.js';
export {
  importOfficialWeights,
  convertOfficialTensors,
  detectOfficialPrefix,
  officialNameMap,
  OFFICIAL_UNUSED,
} from './import-official-weights.js';
export { exportOfficialWeights, type ExportOfficialOptions } from './export-official-weights.js';
export { runParity, fixtureCellOptions, PARITY_TOLERANCE, type ParityReport } from './parity/run-parity.js';
export type {
  SequenceInput,
  RimLayerOptions,
  SequenceModelConfig,
  SequenceModelOutput,
  ParameterCount,
  SequenceModel,
  SequenceForwardOptions,
} from './sequence-model-types.js';
export { Rim, RIM_ENGINES, type RimConfig, type RimOutput, type RimForwardOptions, type RimEngine } from './rim.js';
export { fusedRimSequence, type FusedSequenceOptions, type FusedSequenceResult } from './fused/fused-rim-sequence.js';
export { fusedUnsupported } from './fused/fused-plan.js';
export { createSequenceModel } from './sequence-model.js';
export { createVideoModel, type VideoModel, type VideoModelOutput, type VideoRollout } from './video/video-model.js';
export { resolveVideoModelConfig, type VideoModelConfig, type ResolvedVideoModelConfig, type VideoForwardOptions } from './video/video-model-config.js';
export { bceWithLogits, bcePerFrame } from './video/frame-bce.js';
