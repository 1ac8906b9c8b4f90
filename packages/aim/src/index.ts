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
export { Conv4, type Conv4Config } from './backbone/conv4.js';
export { conv3x3 } from './backbone/conv3x3.js';
export { createPrototypeHead, prototypeLogits, type PrototypeHeadWeights } from './fewshot/prototype-head.js';
export { sampleEpisode, type Episode } from './fewshot/sample-episode.js';
export { FewshotLearner, type FewshotLearnerConfig, type EpisodeFeatures } from './fewshot/fewshot-learner.js';
export { OmlLearner, type OmlConfig, type OmlWeights } from './continual/oml-learner.js';
