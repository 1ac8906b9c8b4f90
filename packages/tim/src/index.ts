// @rimjs/tim: Transformers with Competitive Ensembles of Independent Mechanisms (TIM) on TensorFlow.js.
// This file is the package's only public door.
export type { ForwardOptions } from './forward-options.js';
export { TimLayer, type TimLayerResult } from './tim-layer.js';
export {
  resolveTimLayerConfig,
  timLayerParamShapes,
  type TimLayerConfig,
  type ResolvedTimLayerConfig,
  type Activation,
} from './tim-layer-config.js';
export { TransformerLayer, type TransformerLayerResult } from './transformer-layer.js';
export {
  resolveTransformerLayerConfig,
  transformerLayerParamShapes,
  type TransformerLayerConfig,
  type ResolvedTransformerLayerConfig,
} from './transformer-layer-config.js';
export { TimEncoder, type TimEncoderResult } from './tim-encoder.js';
export {
  resolveTimEncoderConfig,
  timEncoderParamShapes,
  timEncoderParamCount,
  type TimEncoderConfig,
  type ResolvedTimEncoderConfig,
  type PositionalKind,
  type LayerKind,
} from './tim-encoder-config.js';
export { parameterMatchedTransformer, type ParameterMatch } from './parameter-matched-transformer.js';
export { sinusoidalPositionalEncoding } from './sinusoidal-positional-encoding.js';
export { causalMask } from './causal-mask.js';
export { mutualInformation } from './mutual-information.js';
export { competitionWinners } from './competition-winners.js';
export { specializationScore } from './specialization-score.js';
