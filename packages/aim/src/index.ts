// @rimjs/aim: Attentive Independent Mechanisms (Lee et al., arXiv 2107.14053). This file is the package's only public door.
export { AimLayer, aimInit } from './aim-layer.js';
export { aimForward, type AimWeights, type AimForwardOptions, type AimResult } from './aim-forward.js';
export {
  resolveAimConfig,
  aimParamShapes,
  type AimConfig,
  type ResolvedAimConfig,
  type AimVariant,
  type AimWeightName,
} from './aim-config.js';
export { sampleRankPositions, rankPositionMask, type StochasticSelection } from './rank-selection.js';
