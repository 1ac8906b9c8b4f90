// @rimjs/independence: independent mechanisms in generative models (Besserve et al., arXiv
// 2004.00184): the spectral density ratio of convolution layers, layer interventions and an
// independence-enforcing training term. This file is the package's only public door.
export { dft2d, powerSpectrum2d, type Dft2d } from './dft-2d.js';
export { spectralDensityRatio, type SdrResult } from './spectral-density-ratio.js';
export { SDR_DEFAULTS, resolveSdrOptions, type SdrOptions, type ResolvedSdrOptions } from './sdr-options.js';
export { layerSdr, zeroInsert, type LayerSpec } from './layer-sdr.js';
export { stretchKernel, type StretchMode } from './stretch-kernel.js';
export { independencePenalty, type PenaltyTerm } from './independence-penalty.js';
export { summarizeSdr, type SdrSummary } from './sdr-summary.js';
